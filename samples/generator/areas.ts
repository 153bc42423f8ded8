/**
 * The layout of a multi-area file: how many rows each local area gets (lognormal sizes, so a few
 * big counties and many small boroughs and unitaries), and the ways areas differ from each other
 * (share of EHC plans, use of alternative provision, sizes of their localities).
 */
import { EHCP_SHARE } from './model.js';
import { cumulative, normal, stream } from './random.js';

export const LOCALITIES = ['North', 'South', 'East', 'West', 'Central'] as const;

/** The first local authority code; areas are numbered on from it, as "201", "202", … */
export const FIRST_LA_CODE = 201;
/** Three-digit codes from 201 to 999. */
export const MAX_AREAS = 999 - FIRST_LA_CODE + 1;

export interface AreaPlan {
  code: string;
  rows: number;
  /** Chance that a row of this area has an EHC plan. */
  ehcpShare: number;
  /** This area's use of AP relative to the cohort as a whole (1 for a single area). */
  apMultiplier: number;
  localityCum: Float64Array;
}

/** Spread of area sizes (sd of log size): the largest of ~150 is several times the median. */
const SIZE_SPREAD = 0.85;
const EHCP_SPREAD = 0.15;
const AP_SPREAD = 0.4;

export function planAreas(seed: string, rows: number, areas: number): AreaPlan[] {
  // One draw sequence per area, in code order, so area 201 looks the same whatever the count.
  const drawn = Array.from({ length: areas }, (_, i) => {
    const code = String(FIRST_LA_CODE + i);
    const rng = stream(seed, 'layout', code);
    const size = Math.exp(SIZE_SPREAD * normal(rng));
    const ehcp = Math.exp(EHCP_SPREAD * normal(rng));
    const ap = Math.exp(AP_SPREAD * normal(rng));
    const localityWeights = LOCALITIES.map((name) => (name === 'Central' ? 1.3 : 1) * (0.4 + rng()));
    return { code, size, ehcp, ap, localityWeights };
  });

  const counts = apportion(rows, drawn.map((d) => d.size));
  if (areas === 1) {
    const only = drawn[0]!;
    return [{ code: only.code, rows, ehcpShare: EHCP_SHARE, apMultiplier: 1, localityCum: cumulative(only.localityWeights) }];
  }
  // Area effects average out to 1 over rows, so the whole file keeps the overall shares.
  const meanEhcp = weightedMean(drawn.map((d) => d.ehcp), counts);
  const meanAp = weightedMean(drawn.map((d) => d.ap), counts);
  return drawn.map((d, i) => ({
    code: d.code,
    rows: counts[i]!,
    ehcpShare: Math.min(0.6, Math.max(0.1, (EHCP_SHARE * d.ehcp) / meanEhcp)),
    apMultiplier: d.ap / meanAp,
    localityCum: cumulative(d.localityWeights),
  }));
}

/** `total` split in proportion to `weights`, every part at least 1 (largest remainders). */
function apportion(total: number, weights: number[]): number[] {
  const n = weights.length;
  if (n === 1) return [total];
  const spare = total - n;
  const sum = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => (spare * w) / sum);
  const counts = exact.map((x) => 1 + Math.floor(x));
  let left = total - counts.reduce((a, b) => a + b, 0);
  const order = exact
    .map((x, i) => ({ i, rest: x - Math.floor(x) }))
    .sort((a, b) => b.rest - a.rest || a.i - b.i);
  for (const { i } of order) {
    if (left <= 0) break;
    counts[i]!++;
    left--;
  }
  return counts;
}

function weightedMean(values: number[], weights: number[]): number {
  let sum = 0;
  let total = 0;
  values.forEach((v, i) => {
    sum += v * weights[i]!;
    total += weights[i]!;
  });
  return total > 0 ? sum / total : 1;
}
