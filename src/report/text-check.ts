/**
 * `check` as text, for an analyst: the file, its problems grouped by kind with a few examples
 * each (csvkit style), what the cohort holds, and whether it can meet the rules.
 */
import { AGE_BANDS, NEED_AREA_LABELS, NEED_AREAS, type NeedArea } from '../cohort/codes.js';
import type { CohortProblem } from '../cohort/problems.js';
import { canDraw, type CheckReport, type GroupVerdict } from '../analysis/check.js';
import { renderRelaxation } from './text-relax.js';
import type { Relaxation } from '../solver/relax.js';
import { NO_NEED_AREA, type Coverage } from '../analysis/coverage.js';
import { type Style } from './style.js';
import { formatCount, plural } from '../words.js';
import { frequencyRows, table } from './table.js';
import { renderExplanation } from './text-explain.js';
import { needAreaShort } from './text-draw.js';

/** How many problems of one kind are spelt out; the rest are counted. */
const EXAMPLES = 3;

function areaLabel(key: string): string {
  return key === NO_NEED_AREA ? 'no broad area (DS, OTH, NSA)' : NEED_AREA_LABELS[key as NeedArea];
}

function renderFile(report: CheckReport, s: Style): string {
  const { summary } = report;
  const cols = summary.columns;
  const lines = [
    s.bold(summary.file),
    `  ${plural(summary.rows, 'row')} · ${formatCount(summary.valid)} valid · ${formatCount(summary.rows - summary.valid)} invalid · sha256 ${summary.sha256}`,
    `  columns: ${cols.found.join(', ')}`,
  ];
  if (cols.extra.length > 0) lines.push(`  extra columns (kept, used only by rules that name them): ${cols.extra.join(', ')}`);
  // The names of withheld columns say what was left unread; their values never appear.
  if (cols.withheld.length > 0) lines.push(`  withheld as identifiers (values not read): ${cols.withheld.join(', ')}`);
  if (summary.ageOn !== undefined) lines.push(`  ages worked out from dates of birth as on ${summary.ageOn} (the dates are withheld)`);
  return lines.join('\n');
}

/** Problems grouped by kind and column: "value · primary_need  12 rows  e.g. …". */
export function groupProblems(problems: readonly CohortProblem[]): { label: string; problems: CohortProblem[] }[] {
  const groups = new Map<string, CohortProblem[]>();
  for (const p of problems) {
    const label = p.column === null ? p.kind : `${p.kind} · ${p.column}`;
    const list = groups.get(label);
    if (list === undefined) groups.set(label, [p]);
    else list.push(p);
  }
  return [...groups].map(([label, list]) => ({ label, problems: list })).sort((a, b) => b.problems.length - a.problems.length);
}

function renderProblems(report: CheckReport, s: Style): string {
  const { skipped, warnings } = report.summary;
  if (skipped.length === 0 && warnings.length === 0) return `${s.bold('Problems')}\n  ${s.tick} none: every row is valid`;
  const lines = [s.bold('Problems')];
  if (skipped.length > 0) {
    const verb = report.refused ? 'must be fixed, or left out with --skip-invalid' : 'left out (--skip-invalid)';
    lines.push(`  ${s.cross} ${plural(skipped.length, 'invalid row')} ${verb}`);
    for (const g of groupProblems(skipped)) {
      lines.push(`    ${g.label}: ${plural(g.problems.length, 'row')}`);
      for (const p of g.problems.slice(0, EXAMPLES)) lines.push(`      ${p.message}`);
      if (g.problems.length > EXAMPLES) lines.push(s.dim(`      … and ${formatCount(g.problems.length - EXAMPLES)} more`));
    }
  }
  for (const w of warnings) lines.push(`  ${s.warn('!')} ${w.message}`);
  return lines.join('\n');
}

function frequency(title: string, counts: Record<string, number>, total: number, s: Style, label?: (k: string) => string): string {
  return table([{ header: title }, { header: 'cases', align: 'right' }, { header: '%', align: 'right' }], frequencyRows(counts, total, label), s);
}

function renderCrossTable(coverage: Coverage, s: Style): string {
  const rows = Object.entries(coverage.needAreaByAgeBand).map(([area, byBand]) => [
    area === NO_NEED_AREA ? 'none' : needAreaShort(area as NeedArea),
    ...AGE_BANDS.map((b) => formatCount(byBand[b] ?? 0)),
  ]);
  return table([{ header: 'need_area × age_band' }, ...AGE_BANDS.map((b) => ({ header: b, align: 'right' as const }))], rows, s);
}

function renderSupply(coverage: Coverage, s: Style): string {
  const rows = coverage.ruleSupply.map((r) => {
    const parts = Object.entries(r.byValue).map(([v, n]) => `${NEED_AREAS.includes(v as NeedArea) ? needAreaShort(v as NeedArea) : v} ${formatCount(n)}`);
    return [r.id, formatCount(r.supply), parts.join(' · ')];
  });
  return table([{ header: 'rule' }, { header: 'cases that count', align: 'right' }, { header: 'by value' }], rows, s);
}

export function renderCoverage(coverage: Coverage, s: Style): string {
  const n = coverage.cases;
  return [
    s.bold(`Coverage (${plural(n, 'case')})`),
    frequency('need_area', coverage.need_area, n, s, areaLabel),
    '',
    frequency('primary_need', coverage.primary_need, n, s),
    '',
    frequency('sen_status', coverage.sen_status, n, s),
    '',
    frequency('alternative_provision', coverage.alternative_provision, n, s),
    '',
    frequency('age_band', coverage.age_band, n, s),
    '',
    frequency('service_stage', coverage.service_stage, n, s),
    '',
    frequency('setting', coverage.setting, n, s),
    '',
    frequency('social_care', coverage.social_care, n, s),
    '',
    renderCrossTable(coverage, s),
    '',
    s.bold('What each rule can draw on'),
    renderSupply(coverage, s),
  ].join('\n');
}

/** With --relax, what gave way for a cohort or group that cannot meet the rules as given. */
function renderEased(v: { feasible: boolean | null; relaxation: Relaxation | null; validSamples: bigint | null }, s: Style, indent: string): string[] {
  if (v.relaxation === null || v.feasible !== false) return [];
  const lines = ['', ...renderRelaxation(v.relaxation, s, indent)];
  if (v.relaxation.relaxed) lines.push(`${indent}${s.tick} Under the eased rules: ${plural(v.validSamples ?? 0n, 'valid sample')}, each equally likely in a draw`);
  return lines;
}

/** Failing groups explained in full (conflicts, facts, changes that help); the rest in a line. */
const EXPLAINED_GROUPS = 5;

function renderGroups(column: string, groups: readonly GroupVerdict[], size: number, s: Style): string {
  const failing = groups.filter((g) => g.feasible === false);
  const judged = groups.filter((g) => g.feasible !== null).length;
  const blocked = groups.filter((g) => !canDraw(g));
  const eased = failing.length - blocked.length;
  const head = failing.length === 0
    ? `${s.tick} every ${column} can meet the rules (${plural(judged, 'group')})`
    : blocked.length === 0
      ? `${s.tick} every ${column} can give a sample: ${formatCount(eased)} of ${plural(judged, 'group')} only with rules eased (--relax)`
      : `${s.cross} ${formatCount(failing.length)} of ${plural(judged, 'group')} by ${column} cannot meet the rules${eased > 0 ? ` (${formatCount(eased)} can with rules eased)` : ''}`;
  const anyInvalid = groups.some((g) => g.invalidRows > 0);
  const rows = groups.map((g) => [
    g.key ?? '(empty)',
    formatCount(g.validRows),
    ...(anyInvalid ? [formatCount(g.invalidRows)] : []),
    g.feasible === null ? '–' : g.feasible ? s.tick : canDraw(g) ? s.warn('eased') : s.cross,
    g.validSamples === null ? '–' : formatCount(g.validSamples),
    g.short ?? '',
  ]);
  const lines = [
    s.bold(`Verdict by ${column}`) + ` (samples of ${size}, each group on its own)`,
    table(
      [
        { header: column },
        { header: 'cases', align: 'right' },
        ...(anyInvalid ? [{ header: 'invalid rows', align: 'right' as const }] : []),
        { header: 'ok' },
        { header: 'valid samples', align: 'right' },
        { header: 'short of' },
      ],
      rows,
      s,
    ),
    '',
    head,
  ];
  for (const g of failing.slice(0, EXPLAINED_GROUPS)) lines.push('', s.bold(`${column} ${g.key ?? '(empty)'}`), renderExplanation(g.explain()!, s, '  '), ...renderEased(g, s, '  '));
  if (failing.length > EXPLAINED_GROUPS) {
    lines.push('', `… and ${plural(failing.length - EXPLAINED_GROUPS, 'more group')} that cannot meet the rules: the table says what each is short of`);
  }
  return lines.join('\n');
}

export function renderCheck(report: CheckReport, s: Style): string {
  const out = [renderFile(report, s), '', renderProblems(report, s), '', renderCoverage(report.coverage, s), ''];
  if (report.refused) {
    out.push(`${s.cross} No verdict: the file has ${plural(report.summary.skipped.length, 'invalid row')}. Fix them, or use --skip-invalid to judge the valid rows alone.`);
  } else if (report.by !== null) {
    out.push(renderGroups(report.by.column, report.by.groups, report.rules.size, s));
  } else if (report.verdict !== null) {
    const v = report.verdict;
    out.push(s.bold('Verdict'));
    out.push(
      v.feasible
        ? `  ${s.tick} ${s.good('The cohort can meet the rules:')} ${plural(v.validSamples, 'valid sample')} of ${report.rules.size}, each equally likely in a draw`
        : renderExplanation(v.explanation!, s, '  '),
      ...renderEased(v, s, '  '),
    );
  }
  return out.join('\n') + '\n';
}
