/**
 * `check`: the file's problems, its coverage, and whether it (or each --by group) can meet the
 * rules; with --out a table of the groups, with --html a page of them. Invalid rows are always
 * collected, so the report can group them; without --skip-invalid they still fail the check
 * (exit 2), as they fail every other command, and nothing is written.
 */
import type { Case } from '../../src/cohort/case.js';
import type { CohortSummary } from '../../src/cohort/summary.js';
import { writeFilesAtomically, type OutputFile } from '../../src/report/atomic.js';
import { byColumnName, canDraw, GroupAccumulator, INVALID_GROUP, judge, type CheckReport } from '../../src/analysis/check.js';
import { withheldShape } from '../../src/cohort/identifier-values.js';
import { ANONYMISED } from '../../src/cohort/identifiers.js';
import { checkCsv, checkXlsx } from '../../src/report/check-table.js';
import { isWorkbookPath } from '../../src/report/output.js';
import { checkHtml } from '../../src/report/html-check.js';
import { oddsReport } from '../../src/analysis/odds.js';
import { prepareProblem } from '../../src/solver/problem.js';
import { toolVersion } from '../version.js';
import { CoverageAccumulator } from '../../src/analysis/coverage.js';
import { checkJson, toJsonText } from '../../src/report/json.js';
import { style } from '../../src/report/style.js';
import { renderCheck } from '../../src/report/text-check.js';
import { RULE_COLUMNS, canonicalRuleColumn, isKnownColumn } from '../../src/rules/columns.js';
import { CANONICAL_COLUMNS, canonicalColumn, type CanonicalColumn } from '../../src/cohort/columns.js';
import { foldRuleColumn } from '../../src/spelling.js';
import { closest, type Invocation } from '../args.js';
import { EXIT, UsageError } from '../errors.js';
import { inputFiles, readInputs, refuseOverwritingInputs, rulesInForce } from '../inputs.js';
import { progress, type Io } from '../terminal.js';
import { createTally } from '../../src/solver/tally.js';
import { formatCount, plural } from '../../src/words.js';

export async function check(inv: Invocation, io: Io): Promise<number> {
  const outputs = [inv.out, inv.html].filter((p): p is string => p !== null);
  await refuseOverwritingInputs(inv, outputs);
  if (inv.out !== null && /\.(ods|json)$/i.test(inv.out)) {
    throw new UsageError(`check --out writes CSV, or an Excel workbook for a name ending .xlsx; give it a name ending .csv or .xlsx (found '${inv.out}')`, 'check');
  }
  if (inv.out !== null && inv.html !== null && inv.out === inv.html) {
    throw new UsageError('--out and --html name the same file; give each its own', 'check');
  }
  const inForce = await rulesInForce(inv);
  const coverage = new CoverageAccumulator(inForce.rules);
  let groups: GroupAccumulator | null = null;
  const whole = inv.by === null ? createTally(inForce.rules) : null;
  const onCase = (c: Case) => {
    // Coverage's kind of case settles the case's kind in a tally too: one lookup serves both.
    const kind = coverage.add(c);
    groups?.add(c, kind);
    whole?.addOfKind(c, kind);
  };
  // A single cohort's page shows each case's chance of being picked, which needs the cases
  // themselves; otherwise check keeps kinds of case, not rows.
  const keepCases = inv.html !== null && inv.by === null;
  const { summary, rules, rulesSource, cases } = await readInputs({ ...inv, skipInvalid: true }, io, onCase, inForce, keepCases, {
    // The --by column is checked against the header, before a national file is read for nothing.
    onHeader: (columns) => {
      if (inv.by === null) return;
      refuseUnknownColumn(inv.by, columns, inv.cohort === '-' ? 'standard input' : inv.cohort!);
      groups = new GroupAccumulator(byColumnName(inv.by, columns.extra), inForce.rules, inv.relax);
    },
    onInvalidRow: (row) => groups?.addInvalid(row),
  });
  const refused = !inv.skipInvalid && summary.skipped.length > 0;
  const report: CheckReport = { summary, rules, rulesSource, coverage: coverage.result(), refused, verdict: null, by: null };
  const byGroups = groups as GroupAccumulator | null;
  if (!refused && byGroups !== null) {
    const withheld = withheldGroups(byGroups.keys, byGroups.column, inv.allowIdentifiers);
    const bar = progress(io, !inv.quiet);
    try {
      report.by = {
        column: byGroups.column,
        groups: await byGroups.judgeAll((what, done, total) => bar.update(`${what} ${byGroups.column}: ${formatCount(done)} of ${formatCount(total)}`)),
      };
    } finally {
      bar.done();
    }
    for (const g of report.by.groups) if (g.key !== null) g.key = withheld.get(g.key) ?? g.key;
  } else if (!refused) {
    report.verdict = judge(whole!.problem(), inv.relax);
  }
  // Files first: if they cannot be written the command fails before printing a verdict.
  if (!refused && outputs.length > 0) {
    const files: OutputFile[] = [];
    if (inv.out !== null) files.push({ path: inv.out, data: isWorkbookPath(inv.out) ? checkXlsx(report) : checkCsv(report) });
    if (inv.html !== null) {
      const odds = keepCases && report.verdict?.feasible ? oddsReport(prepareProblem({ cases, rules }), { explainGroups: 0 }) : null;
      files.push({ path: inv.html, data: checkHtml(report, { odds, toolVersion: toolVersion() }) });
    }
    await writeFilesAtomically(files, { inputs: inputFiles(inv), onNotice: (message) => io.err(`notice: ${message}`) });
    io.err(`wrote ${outputs.join(' and ')}`);
  }
  io.out(inv.json ? toJsonText(checkJson(report)) : renderCheck(report, style(io.color)), inv.json ? 'data' : 'text');
  if (refused) {
    const n = summary.skipped.length;
    const unwritten = outputs.length > 0 ? `; ${outputs.join(' and ')} not written` : '';
    io.err(`error: ${summary.file} has ${plural(n, 'invalid row')} (listed in the report); fix them, or use --skip-invalid to check the valid rows alone${unwritten}`);
    return EXIT.usage;
  }
  // With --relax, a group (or the cohort) passes when a sample exists under its own easing;
  // the (invalid) group is not judged.
  const ok = report.by !== null ? report.by.groups.every(canDraw) : canDraw(report.verdict!);
  return ok ? EXIT.ok : EXIT.noSample;
}

/**
 * The --by values shaped like personal identifiers (a postcode, a date, an NHS number…), each
 * with the label its group gets instead: group labels are printed and written, so such a
 * column is refused, as an identifier-shaped case_id is. With --allow-identifiers the groups
 * are kept, each labelled by its shape alone ("(withheld 1: a postcode)").
 */
function withheldGroups(keys: readonly (string | null)[], column: string, allowIdentifiers: boolean): Map<string, string> {
  const shapes = new Map<string, string>();
  for (const key of keys) {
    if (key === null || key === INVALID_GROUP) continue;
    const shape = withheldShape(key);
    if (shape !== null) shapes.set(key, shape);
  }
  if (shapes.size > 0 && !allowIdentifiers) {
    const values = shapes.size === 1 ? '1 value' : `${formatCount(shapes.size)} values`;
    const kinds = [...new Set(shapes.values())].join(', ');
    throw new UsageError(
      `--by ${column}: ${values} of the column look like ${kinds} (not shown), which the group labels would show; ${ANONYMISED}. Group by another column, or use --allow-identifiers to keep these groups with their values withheld`,
      'check',
      false,
    );
  }
  let n = 0;
  return new Map([...shapes].map(([key, shape]) => [key, `(withheld ${++n}: ${shape})`]));
}

function isCanonicalColumn(column: string): column is CanonicalColumn {
  return (CANONICAL_COLUMNS as readonly string[]).includes(column);
}

/** `--by la_cdoe`: refused with the columns there are, and the nearest one. */
function refuseUnknownColumn(by: string, columns: CohortSummary['columns'], file: string): void {
  // A column the contract names but the file lacks (or withholds) would be one "(empty)" group.
  const canonical = canonicalRuleColumn(by);
  if (canonical !== undefined && isCanonicalColumn(canonical) && columns.canonical[canonical] === undefined) {
    const why = columns.withheld.some((h) => canonicalColumn(h) === canonical) ? 'its values are withheld as identifiers' : `${file} has no such column`;
    throw new UsageError(`--by ${by}: ${why}, so every case would fall in one "(empty)" group. Use one of: ${[...RULE_COLUMNS.filter((c) => !isCanonicalColumn(c) || columns.canonical[c] !== undefined), ...columns.extra].join(', ')}`, 'check');
  }
  if (isKnownColumn(by, columns.extra)) return;
  const candidates = [...RULE_COLUMNS, ...columns.extra];
  const near = closest(foldRuleColumn(by), candidates.map(foldRuleColumn));
  const suggestion = near === null ? '.' : `; did you mean '${candidates[candidates.map(foldRuleColumn).indexOf(near)]}'?`;
  throw new UsageError(`--by ${by} is not a column of ${file}${suggestion} Use one of: ${candidates.join(', ')}`, 'check');
}
