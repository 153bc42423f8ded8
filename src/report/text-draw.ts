/** `draw` as text: the picks, how each rule stands, the reserves, and how to draw them again. */
import { NEED_AREA_SHORT, type NeedArea } from '../cohort/codes.js';
import type { CohortSummary } from '../cohort/summary.js';
import type { RuleResult } from '../rules/evaluate.js';
import type { Rules } from '../rules/schema.js';
import type { DrawResult } from '../solver/sample.js';
import type { Case } from '../cohort/case.js';
import { formatShare, type Style } from './style.js';
import { formatCount, plural } from '../words.js';
import { table, type Column } from './table.js';
import { renderExplanation } from './text-explain.js';
import { renderRelaxation } from './text-relax.js';
import type { Relaxation } from '../solver/relax.js';

export function needAreaShort(area: NeedArea | null): string {
  return area === null ? '–' : NEED_AREA_SHORT[area];
}

/** The columns a person scans to see who the case is, in the order they read them. */
const CASE_COLUMNS: Column[] = [
  { header: 'case_id' },
  { header: 'age', align: 'right' },
  { header: 'age_band' },
  { header: 'sen_status' },
  { header: 'primary_need' },
  { header: 'need_area' },
  { header: 'setting' },
  { header: 'service_stage' },
];

function caseCells(c: Case): string[] {
  return [c.case_id, String(c.age), c.age_band, c.sen_status, c.primary_need, needAreaShort(c.need_area), c.setting, c.service_stage];
}

export function cohortLine(summary: CohortSummary): string {
  const skipped = summary.skipped.length > 0 ? `, ${formatCount(summary.skipped.length)} invalid left out` : '';
  const ages = summary.ageOn === undefined ? '' : ` · ages as on ${summary.ageOn}`;
  return `${summary.file}: ${plural(summary.valid, 'case')}${skipped}${ages} · sha256 ${summary.sha256.slice(0, 12)}`;
}

/** `eased`: ids of rules --relax eased, marked in their own colour and word. */
export function renderRules(results: readonly RuleResult[], s: Style, eased: ReadonlySet<string> = new Set()): string {
  const rows = results.map((r) => [
    r.satisfied ? s.tick : s.cross,
    eased.has(r.id) ? `${r.id} ${s.warn('(eased)')}` : r.id,
    r.progress,
    r.satisfied ? r.description : `${r.description} ${s.bad(`(${r.shortfall ?? 'not met'})`)}`,
  ]);
  return table([{ header: '' }, { header: 'rule' }, { header: 'progress' }, { header: 'description' }], rows, s);
}

/** The rules when there is no sample to judge: those in a conflict get ✗, the others a dot. */
export function renderRuleList(rules: Rules, conflicts: readonly string[][], s: Style): string {
  const involved = new Set(conflicts.flat());
  const rows = [
    ['·', 'size', `${rules.size} picks`],
    ...rules.rules.filter((r) => r.enabled).map((r) => [involved.has(r.id) ? s.cross : '·', r.id, r.description ?? r.id]),
  ];
  return table([{ header: '' }, { header: 'rule' }, { header: 'description' }], rows, s);
}

export interface DrawTextOptions {
  summary: CohortSummary;
  rules: Rules;
  style: Style;
  /** The command that draws this sample again, shown under it. */
  rerun?: string;
  /** What --relax did; null without --relax. */
  relaxation?: Relaxation | null;
}

export function renderDraw(result: DrawResult, o: DrawTextOptions): string {
  const s = o.style;
  const out: string[] = [s.bold(`Tracking sample of ${o.rules.size}`) + ` from ${cohortLine(o.summary)}`];
  const relaxed = renderRelaxation(o.relaxation ?? null, s);
  if (relaxed.length > 0) out.push('', ...relaxed);
  if (!result.feasible) {
    out.push('', renderExplanation(result.explanation!, s), '', s.bold('Rules'), renderRuleList(o.rules, result.explanation!.conflicts, s));
    return out.join('\n') + '\n';
  }
  const anyPinned = result.picks.some((p) => p.pinned);
  if (relaxed.length > 0) out.push('');
  out.push(
    result.fairRange
      ? `Seed ${s.bold(result.seed)} · ${plural(result.validSamples, 'valid sample')} · fair selection: every case that can be picked had a chance from ${formatShare(result.fairRange.smallest)} to ${formatShare(result.fairRange.largest)}`
      : `Seed ${s.bold(result.seed)} · ${plural(result.validSamples, 'valid sample')}, each equally likely`,
    '',
    s.bold('Picks'),
    table(
      [{ header: '#', align: 'right' }, ...CASE_COLUMNS, { header: 'covers' }, ...(anyPinned ? [{ header: 'pinned' }] : [])],
      result.picks.map((p, i) => [String(i + 1), ...caseCells(p.case), p.covers.join(', ') || '–', ...(anyPinned ? [p.pinned ? 'pinned' : ''] : [])]),
      s,
    ),
    '',
    s.bold('Rules'),
    renderRules(result.ruleResults, s, new Set(o.relaxation?.easings.map((e) => e.id))),
  );
  out.push('', s.bold('Reserves') + ' (if a family declines: each can replace the picks listed, with every rule still met)');
  out.push(
    result.reserves.length === 0
      ? '  none: no other case can replace a pick with every rule still met'
      : table([...CASE_COLUMNS, { header: 'replaces' }], result.reserves.map((r) => [...caseCells(r.case), r.replaces.join(', ')]), s),
  );
  if (o.rerun !== undefined) out.push('', `Draw it again: ${o.rerun}`);
  return out.join('\n') + '\n';
}
