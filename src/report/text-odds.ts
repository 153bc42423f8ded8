/** `odds` as text: who could be picked, how likely, and who never could, with the reason. */
import type { CohortSummary } from '../cohort/summary.js';
import type { OddsReport } from '../analysis/odds.js';
import { formatShare, type Style } from './style.js';
import { formatCount, plural } from '../words.js';
import { table } from './table.js';
import { renderExplanation } from './text-explain.js';
import { cohortLine } from './text-draw.js';
import { renderRelaxation } from './text-relax.js';
import type { Relaxation } from '../solver/relax.js';

/** How many of the most and least likely groups are listed; --json and --out hold them all. */
const SHOWN = 8;

/** `relaxation`: what --relax did (null without it); the chances are under the rules in force. */
export function renderOdds(report: OddsReport, summary: CohortSummary, s: Style, relaxation: Relaxation | null = null): string {
  const out = [s.bold(`Chances of being picked in a sample of ${report.size}`) + ` from ${cohortLine(summary)}`];
  const relaxed = renderRelaxation(relaxation, s);
  if (relaxed.length > 0) out.push('', ...relaxed, '');
  if (!report.feasible) {
    out.push('', renderExplanation(report.explanation!, s));
    return out.join('\n') + '\n';
  }
  if (report.selection === 'fair') {
    out.push(
      `Fair selection: not every one of the ${plural(report.validSamples, 'valid sample')} is equally likely; the draw gives every case that can be picked as equal a chance as the rules allow (the smallest chance as large as it can be, then the next smallest, and so on).`,
    );
  } else {
    out.push(`${plural(report.validSamples, 'valid sample')}, each equally likely; a case's chance is the share of them that hold it.`);
  }
  const { range, uniformRange } = report;
  if (range && uniformRange) {
    const spread = (r: typeof range) => `${formatShare(r.smallest)} to ${formatShare(r.largest)}`;
    if (report.selection === 'fair') {
      out.push(`Chances run from ${s.bold(spread(range))} (uniform selection: ${spread(uniformRange)}).`);
    } else {
      out.push(`Chances run from ${spread(range)}; with --selection fair the smallest would be as large as the rules allow.`);
    }
  }
  out.push('', s.bold('By rule value') + ' (the chance of one such case being picked)');
  out.push(
    table(
      [{ header: 'rule' }, { header: 'cases with' }, { header: 'cases', align: 'right' }, { header: 'chance each', align: 'right' }],
      report.byRule.map((r) => [r.rule, r.label, formatCount(r.cases), r.cases === 0 ? '–' : formatShare(r.chance)]),
      s,
    ),
  );
  const groupTable = (groups: OddsReport['groups']) =>
    table(
      [{ header: 'cases the rules see as' }, { header: 'cases', align: 'right' }, { header: 'chance each', align: 'right' }, { header: 'e.g.' }],
      groups.map((g) => [g.label, formatCount(g.cases), formatShare(g.chance), g.examples.join(', ')]),
      s,
    );
  const groups = report.groups;
  out.push('', s.bold(`Most likely`) + ` (${plural(groups.length, 'group')} of alike cases can be picked)`, groupTable(groups.slice(0, SHOWN)));
  if (groups.length > SHOWN) out.push('', s.bold('Least likely (but possible)') + ', least first', groupTable(groups.slice(-Math.min(SHOWN, groups.length - SHOWN)).reverse()));
  if (report.never.length === 0) {
    out.push('', `${s.tick} Every case that is not excluded can be picked.`);
  } else {
    const count = report.never.reduce((n, g) => n + g.cases, 0);
    out.push('', `${s.cross} ${s.bold(`Never picked: ${plural(count, 'case')}`)} in ${plural(report.never.length, 'group')}`);
    for (const g of report.never) out.push(`  ${g.label} (${plural(g.cases, 'case')}, e.g. ${g.examples.join(', ')}): ${g.reason}`);
  }
  if (report.pinned.length > 0) out.push('', `Pinned (always picked): ${report.pinned.join(', ')}`);
  if (report.excluded.length > 0) out.push(`Excluded (never picked, --exclude): ${report.excluded.join(', ')}`);
  return out.join('\n') + '\n';
}
