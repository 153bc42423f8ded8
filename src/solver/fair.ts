/**
 * Fair selection: instead of drawing uniformly among valid samples (where a child of a rare
 * kind sits in many more samples than a common one), draw from the distribution over valid
 * samples that gives every child who can be picked as equal a chance as the rules allow —
 * the largest smallest chance (maximin), and among those the largest next-smallest, and so on
 * (leximin). The method, and why it is exact, is in docs/fair-selection.md.
 *
 * Cases of one profile are exchangeable (the rules cannot tell them apart), so the linear program
 * lives on profiles: a variable per valid count vector (how many picks from each profile), and a
 * profile's chance is its expected picks over its size. There are far too many count vectors to
 * list, so they are generated as needed (column generation): solve the program over the vectors
 * known so far, ask the pricing search (fair-pricing.ts) for a vector the duals say would help,
 * and stop when there is none.
 */

import highsModule, { type Highs, type Model } from 'highs';
import seedrandom from 'seedrandom';
import { countValidSamples } from './count.js';
import { createSampler } from './draw.js';
import { rounded, type FairDistribution } from './fair-draw.js';
import { profileChances } from './odds.js';
import { countVectorKey, createPricer, type CountVector } from './fair-pricing.js';
import type { Problem } from './problem.js';

export interface FairOptions {
  /** Per profile: whether any valid sample holds its cases (uniform chance above 0). */
  pickable: readonly boolean[];
  /**
   * The number of valid samples, when the caller has it: the uniform start's sampler needs it,
   * and counting again would cost another pass over the counting graph.
   */
  count?: bigint;
  /** Stop at the maximin optimum instead of going on to leximin (default: leximin). */
  maximinOnly?: boolean;
  /**
   * How column generation is tuned (see solve; the defaults suit the handbook rules). Tests
   * start from one sample and prune hard, so that pricing and pruning do all the work even on
   * cohorts small enough for the uniform start to hold every valid sample.
   */
  tuning?: FairTuning;
}

export interface FairTuning {
  /** Uniformly drawn samples to start from. */
  startColumns: number;
  /** Count vectors asked of each pricing call. */
  pricedColumns: number;
  /** Columns per profile row the program may hold before it is pruned, and how many it keeps. */
  maxColumnsPerRow: number;
  keptColumnsPerRow: number;
  /** Simplex iterations after which a program counts as stalled and dual simplex finishes it. */
  stallIterations: number;
}

// The package's types describe a CommonJS module; under Node's ESM loader its default export is
// the loader function itself.
const loadHighs = ((highsModule as unknown as { default?: unknown }).default ?? highsModule) as unknown as () => Promise<Highs>;

/**
 * The fair distribution of a problem that has valid samples, working out first which cases
 * any valid sample holds (the exact uniform chances, which odds already has and passes itself).
 */
export function fairFor(problem: Problem, count = countValidSamples(problem)): Promise<FairDistribution> {
  return fairDistribution(problem, { pickable: profileChances(problem, count).map((c) => c.samples > 0n), count });
}

let runtime: Promise<Highs> | null = null;
/** HiGHS is loaded (a WebAssembly compile) once, and only when fair mode is asked for. */
function highs(): Promise<Highs> {
  return (runtime ??= loadHighs());
}

/** A column whose reduced cost is below this share of the objective is not worth adding. */
const PRICE_TOLERANCE = 1e-10;
/** A row dual this large (as a share of the t column's, which sum to 1) marks a binding profile. */
const DUAL_TOLERANCE = 1e-9;
/** How far pricing's dual point leans towards the best one seen (see solve). */
const ALPHA = 0.9;
/**
 * Column generation starts from 2,000 uniformly drawn samples (see solve): on the 100,000-row
 * bench cohort that halves the programs maximin takes against 300 (16–24 against 31–42 over
 * five seeds of the start), for a tenth of a second of drawing. Each pricing call asks
 * for up to 100 count vectors: a call costs about the same whatever it returns, and more columns
 * per round mean fewer rounds. The simplex's work per iteration grows with the columns, and most
 * of them leave the basis for good, so past 8 columns per profile row the program is pruned
 * down to 5 per row. A program is taken as stalled past 1,000 simplex iterations (see solve):
 * the later ones take a few hundred (the first, from scratch, is dual simplex's).
 */
const DEFAULT_TUNING: FairTuning = { startColumns: 2000, pricedColumns: 100, maxColumnsPerRow: 8, keptColumnsPerRow: 5, stallIterations: 1000 };
/** HiGHS's simplex_strategy codes: primal and dual simplex. */
const PRIMAL = 4;
const DUAL = 1;
const NO_LIMIT = 2 ** 31 - 1;
/**
 * The start's sampler moves "at least one" targets into its graph until a draw takes at most
 * this many tries on average (uniform draws allow 200): thousands of draws pay for a bigger
 * graph (handbook rules on 100,000 rows: 7 tries a draw instead of 72).
 */
const START_TRIES = 20;

export async function fairDistribution(problem: Problem, options: FairOptions): Promise<FairDistribution> {
  if (problem.weighted) throw new Error('fair chances are per case: prepare the problem from the cases, not a tally');
  const candidates = problem.profiles.map((_, p) => p).filter((p) => options.pickable[p]);
  const pricer = createPricer(problem);
  const h = await highs();
  const model = h.createModel();
  try {
    return solve(h, model, problem, candidates, pricer, options);
  } finally {
    model.dispose();
  }
}

function solve(
  h: Highs,
  model: Model,
  problem: Problem,
  candidates: number[],
  pricer: ReturnType<typeof createPricer>,
  options: FairOptions,
): FairDistribution {
  const P = candidates.length;
  const tuning = options.tuning ?? DEFAULT_TUNING;
  const inf = h.infinity;
  const size = candidates.map((p) => problem.profiles[p]!.size);
  const rowOf = new Map(candidates.map((p, i) => [p, i]));
  model.options.set({ output_flag: false, primal_feasibility_tolerance: 1e-10, dual_feasibility_tolerance: 1e-10 });
  // Column generation only adds columns, which keeps the last basis primal feasible: primal
  // simplex goes on from it, where presolve and dual simplex would start over each time. The
  // first program has no basis to go on from, and dual simplex solves it several times
  // faster than primal (on the bench cohort, 2,000-odd columns: 30–70 ms against 150–250 ms).
  model.options.set({ presolve: 'off', simplex_strategy: DUAL, simplex_iteration_limit: NO_LIMIT });
  // The program asks for the largest level t that every profile still free reaches, with
  // Σ λ_x · x_p ≥ n_p · t (expected picks from profile p at least t per case) and Σ λ_x = 1.
  // It is solved in the variables μ_x = λ_x / t and s = 1/t: minimise s = Σ μ_x subject to
  // Σ μ_x · x_p ≥ n_p for each free profile. A profile fixed at level ℓ_p (leximin) keeps
  // Σ μ_x · x_p ≥ n_p · ℓ_p · s. This is the same program (t > 0 whenever some valid sample
  // exists, which the start columns show), but maximin's rows no longer share a column, so the
  // constraint matrix stays as sparse as the count vectors: on the 100,000-row bench cohort,
  // a fifth less simplex time than with t as a column in every row.
  // Column 0 is s, at least 1 as t is a chance at most 1 (which also keeps the program bounded
  // when no case is left to pick); row i is profile candidates[i], its coefficients the counts;
  // the last row says Σ μ_x − s = 0.
  model.changeObjectiveSense(h.constants.objectiveSense.minimize);
  model.addCol(1, 1, inf, { indices: [], values: [] });
  for (let i = 0; i < P; i++) model.addRow(size[i]!, inf, { indices: [], values: [] });
  model.addRow(0, 0, { indices: [0], values: [-1] });
  const stats = { rounds: 0, solves: 0, stalls: 0, columns: 0, pruned: 0 };
  // columns[j] is the program's column j + 1 (column 0 is s).
  const columns: CountVector[] = [];
  // keys[j] is columns[j]'s countVectorKey, made once: pruning asks about every column.
  const keys: string[] = [];
  const seen = new Set<string>();
  /**
   * Adds the vectors the program lacks, in one call to HiGHS (a call per column takes several
   * times as long: 10 ms for the 2,000 start columns); returns how many it added.
   */
  const addColumns = (found: readonly CountVector[]): number => {
    const fresh: CountVector[] = [];
    for (const v of found) {
      const key = countVectorKey(v);
      if (seen.has(key)) continue;
      seen.add(key);
      columns.push(v);
      keys.push(key);
      fresh.push(v);
    }
    if (fresh.length === 0) return 0;
    const [starts, indices, values] = [[0], [] as number[], [] as number[]];
    for (const v of fresh) {
      indices.push(...v.profiles.map((p) => rowOf.get(p)!), P);
      values.push(...v.counts, 1);
      starts.push(indices.length);
    }
    const n = fresh.length;
    const matrix = { numRows: P + 1, numCols: n, starts: Int32Array.from(starts), indices: Int32Array.from(indices), values: Float64Array.from(values) };
    model.addCols({ cost: new Float64Array(n), lower: new Float64Array(n), upper: new Float64Array(n).fill(inf), matrix: { format: 'csc', ...matrix } });
    return n;
  };
  // Pruning: when the program holds too many columns, the nonbasic ones with the largest
  // reduced costs (the least likely to come back) are deleted. The basis stays, so the next
  // program starts where this one ended. A deleted vector may be found again by pricing, and
  // is then kept for good, so pruning cannot go round in circles; and the end of column
  // generation asks pricing about every valid count vector, so pruning never changes the optimum.
  const pruned = new Set<string>();
  const prune = (colValue: Float64Array, colDual: Float64Array): void => {
    if (columns.length <= tuning.maxColumnsPerRow * (P + 1)) return;
    const out: number[] = [];
    for (let j = 0; j < columns.length; j++) {
      if (colValue[j + 1] === 0 && colDual[j + 1]! > 0 && !pruned.has(keys[j]!)) out.push(j);
    }
    out.sort((a, b) => colDual[b + 1]! - colDual[a + 1]! || a - b);
    const drop = out.slice(0, Math.max(0, columns.length - tuning.keptColumnsPerRow * (P + 1))).sort((a, b) => a - b);
    if (drop.length === 0) return;
    model.deleteCols({ kind: 'set', indices: Int32Array.from(drop, (j) => j + 1) });
    const gone = new Uint8Array(columns.length);
    for (const j of drop) {
      gone[j] = 1;
      const key = keys[j]!;
      seen.delete(key);
      pruned.add(key);
    }
    stats.pruned += drop.length;
    // Compacted in place, as the program's own columns were: no spread of a list as long as
    // the program into one call's arguments.
    let at = 0;
    for (let j = 0; j < columns.length; j++) {
      if (gone[j]) continue;
      keys[at] = keys[j]!;
      columns[at++] = columns[j]!;
    }
    columns.length = at;
    keys.length = at;
  };
  /** Adds the vectors the program lacks, after pruning (while the solution still matches the columns). */
  const addImproving = (found: readonly CountVector[]): number => {
    if (found.every((v) => seen.has(countVectorKey(v)))) return 0;
    prune(solution.colValue, solution.colDual);
    return addColumns(found);
  };
  // Uniformly drawn valid samples start the program off: any would do, and these are quick to
  // draw and between them hold most kinds of case that can be picked, so that the first
  // programs already give most cases a chance and column generation has less to find. Only
  // their count vectors matter, so the generator is seedrandom's alea, twice as fast as its
  // default and as reproducible.
  const sampler = createSampler(problem, options.count, START_TRIES);
  const random = seedrandom.alea('fair selection');
  const vectorOf = countVectorsOf(problem);
  const start: CountVector[] = [];
  for (let j = 0; j < tuning.startColumns; j++) {
    const picks = sampler.drawPicks(random);
    if (picks === null) throw new Error('fair selection needs at least one valid sample');
    start.push(vectorOf(picks));
  }
  addColumns(start);

  // Every profile that can be picked must be in some column before the first program, or its
  // row pins the level at 0 and the first rounds of column generation only find the missing
  // ones. Pricing with a weight of 1 on each missing profile finds samples holding as many of
  // them as the rules allow.
  const covered = new Uint8Array(problem.profiles.length);
  for (const v of columns) for (const p of v.profiles) covered[p] = 1;
  for (;;) {
    const missing = new Float64Array(problem.profiles.length);
    for (const p of candidates) if (!covered[p]) missing[p] = 1;
    if (!missing.some((w) => w > 0)) break;
    const found = pricer.improving(missing, 0.5, tuning.pricedColumns);
    if (found.length === 0) throw new Error('fair selection: a case that can be picked is in no valid sample (this is a bug)');
    addColumns(found);
    for (const v of found) for (const p of v.profiles) covered[p] = 1;
  }

  const fixed = new Float64Array(P).fill(NaN);
  let unfixed = P;
  const weights = new Float64Array(problem.profiles.length);
  let solution!: ReturnType<Model["getSolution"]>;
  /** Σ over the fixed rows of dual × level: what the dual bound takes off max_x y·x. */
  const fixedTerm = (y: ArrayLike<number>): number => {
    let f = 0;
    for (let i = 0; i < P; i++) if (!Number.isNaN(fixed[i]!)) f += y[candidates[i]!]! * size[i]! * fixed[i]! * (1 - 1e-12);
    return f;
  };
  const weightOf = (y: ArrayLike<number>, v: CountVector): number => v.profiles.reduce((s, p, x) => s + y[p]! * v.counts[x]!, 0);
  for (;;) {
    stats.rounds++;
    // Column generation for this round's level, with the duals smoothed (Wentges): pricing
    // asks at a point between the LP's duals and the best dual point seen so far (the one whose
    // bound on the level is lowest), which keeps the duals from swinging between extremes from
    // one round to the next and cuts the rounds several-fold. A column is only added if it
    // improves the current program; when the smoothed point finds none, pricing asks at the
    // LP's own duals, and only an empty answer there ends the round, so the end is exact.
    //
    // Maximin starts its centre at the point that weighs every case alike (y_p = 1/N per case,
    // N the cases that can be picked). Its bound, the most picks a sample can take divided by
    // N, is close to the level when most cases can have an equal chance, where the first
    // programs' duals sit on a few rows and bound it poorly: pricing leans towards spreading
    // the chance from the first round (a quarter fewer programs on the bench cohorts). The
    // centre's bound is not worked out (centerBound stays unknown): the first smoothed point
    // whose bound is known takes its place. Later levels start from the LP's duals, as a
    // uniform centre there measured no better.
    let center: Float64Array | null = null;
    let centerBound = Infinity;
    if (stats.rounds === 1) {
      let cases = 0;
      for (let i = 0; i < P; i++) cases += size[i]!;
      center = new Float64Array(problem.profiles.length);
      for (let i = 0; i < P; i++) center[candidates[i]!] = 1 / cases;
    }
    for (;;) {
      model.run();
      if (stats.solves === 0) model.options.set({ simplex_strategy: PRIMAL, simplex_iteration_limit: tuning.stallIterations });
      if (model.getModelStatus() === h.constants.modelStatus.iterationLimit) {
        // The programs are highly degenerate, and now and then primal simplex stalls on one
        // (on a 100,000-row cohort, one that takes a few hundred iterations went past 20,000
        // without finishing, which turned seconds of leximin into a minute). Dual simplex
        // finishes it from the basis primal reached, in a few hundred iterations, and primal
        // takes over again for the next program.
        stats.stalls++;
        model.options.set({ simplex_strategy: DUAL, simplex_iteration_limit: NO_LIMIT });
        model.run();
        model.options.set({ simplex_strategy: PRIMAL, simplex_iteration_limit: tuning.stallIterations });
      }
      stats.solves++;
      const status = model.getModelStatus();
      if (status !== h.constants.modelStatus.optimal) throw new Error(`fair selection: the linear program ended with HiGHS status ${status}`);
      solution = model.getSolution();
      // A new column (cost 0) lowers s when Σ_p y_p x_p > −y_conv, with y the profile rows'
      // duals. Divided by s (the program's value), these are the duals of the program in λ and
      // t: the free rows' weigh Σ n_p · y_p = 1 and a column improves when y · x > `above`.
      const s = solution.colValue[0]!;
      weights.fill(0);
      candidates.forEach((p, i) => (weights[p] = solution.rowDual[i]! / s));
      const above = -solution.rowDual[P]! / s;
      const scale = Math.max(Math.abs(above), Number.MIN_VALUE);
      const floor = above + PRICE_TOLERANCE * scale;
      const level = 1 / s;
      // The smoothing's bounds need the free rows' duals to weigh n_p·y_p = 1 in all (so that
      // max_x y·x − fixedTerm(y) bounds the level); not so when s sits at its bound of 1.
      let norm = 0;
      for (let i = 0; i < P; i++) if (Number.isNaN(fixed[i]!)) norm += weights[candidates[i]!]! * size[i]!;
      const smooth = Math.abs(norm - 1) < 1e-9;
      let added = 0;
      if (center !== null && smooth) {
        const between = new Float64Array(weights.length);
        for (let p = 0; p < between.length; p++) between[p] = ALPHA * center[p]! + (1 - ALPHA) * weights[p]!;
        const found = pricer.improving(between, level + fixedTerm(between) - PRICE_TOLERANCE * scale, tuning.pricedColumns);
        if (found.length > 0) {
          const bound = weightOf(between, found[0]!) - fixedTerm(between);
          if (bound < centerBound) [center, centerBound] = [between, bound];
        }
        added = addImproving(found.filter((v) => weightOf(weights, v) > floor));
      }
      if (added === 0) {
        const found = pricer.improving(weights, floor, tuning.pricedColumns);
        if (smooth) {
          const bound = found.length > 0 ? weightOf(weights, found[0]!) - fixedTerm(weights) : level;
          if (bound < centerBound) [center, centerBound] = [Float64Array.from(weights), bound];
        }
        added = addImproving(found);
      }
      stats.columns += added;
      if (added === 0) break;
    }
    const level = 1 / solution.colValue[0]!;
    if (options.maximinOnly || unfixed === 0) break;
    // Profiles whose rows have a dual above 0 are at `level` in every optimal solution
    // (complementary slackness): fix them there and raise the rest.
    // At a level of 1 every profile still free is always picked: nothing can rise further.
    const binding: number[] = [];
    for (let i = 0; i < P; i++) {
      if (!Number.isNaN(fixed[i]!)) continue;
      if (level >= 1 - 1e-12 || Math.abs(weights[candidates[i]!]!) * size[i]! > DUAL_TOLERANCE) binding.push(i);
    }
    if (binding.length === 0) throw new Error('fair selection: no profile is binding at the optimum (this is a bug)');
    // The basis is read before the s column changes and handed back after: HiGHS then
    // factorises it afresh. Left to itself after changeCoefficient on a basic column, it went
    // on from stale values and ended with an infeasible point ("unknown" status) on some
    // small cohorts.
    const basis = model.getBasis();
    for (const i of binding) {
      fixed[i] = level;
      unfixed--;
      // Σ μ_x · x_p ≥ n_p · ℓ_p · s, with ℓ_p a hair below the level, so that the next program
      // stays feasible in floating point (the current solution meets it: there n_p · ℓ_p · s ≈ n_p).
      model.changeCoefficient(i, 0, -size[i]! * level * (1 - 1e-12));
      model.changeRowBounds(i, 0, inf);
    }
    model.setBasis(basis);
    if (unfixed === 0) break;
  }
  // The μ_x sum to s, not 1: rounding scales them to a distribution.
  return rounded(problem, candidates, columns, solution.colValue, options.maximinOnly !== true, stats);
}

/**
 * The count vector of a draw's picks (indices into problem.pool): how many come from each
 * profile. The pool-to-profile index is built once, as a typed array (a Map keyed by 100,000
 * cases cost a tenth of maximin), and shared by every draw.
 */
function countVectorsOf(problem: Problem): (picks: readonly number[]) => CountVector {
  const profileOf = new Int32Array(problem.pool.length);
  problem.profiles.forEach((prof, p) => {
    for (const m of prof.members) profileOf[m] = p;
  });
  return (picks) => {
    const counts = new Map<number, number>();
    for (const i of picks) {
      const p = profileOf[i]!;
      counts.set(p, (counts.get(p) ?? 0) + 1);
    }
    const profiles = [...counts.keys()].sort((a, b) => a - b);
    return { profiles, counts: profiles.map((p) => counts.get(p)!) };
  };
}
