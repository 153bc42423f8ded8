/**
 * `check`: the file's problems, its coverage, and whether it (or each --by group) can meet the
 * rules. Invalid rows are always collected, so the report can group them; without
 * --skip-invalid they still fail the check (exit 2), as they fail every other command.
 */
import type { Case } from '../../src/cohort/case.js';
import { GroupAccumulator, canDraw, judge, type CheckReport } from '../../src/report/check.js';
import { CoverageAccumulator } from '../../src/report/coverage.js';
import { checkJson, toJsonText } from '../../src/report/json.js';
import { style } from '../../src/report/style.js';
import { renderCheck } from '../../src/report/text-check.js';
import { RULE_COLUMNS, isKnownColumn } from '../../src/rules/columns.js';
import type { Invocation } from '../args.js';
import { EXIT, UsageError } from '../errors.js';
import { readInputs, rulesInForce } from '../inputs.js';
import { progress, type Io } from '../terminal.js';
import { createTally } from '../../src/solver/tally.js';

export async function check(inv: Invocation, io: Io): Promise<number> {
  const inForce = await rulesInForce(inv);
  const coverage = new CoverageAccumulator(inForce.rules);
  const groups = inv.by === null ? null : new GroupAccumulator(inv.by, inForce.rules, inv.relax);
  const whole = groups === null ? createTally(inForce.rules) : null;
  const onCase = (c: Case) => {
    coverage.add(c);
    groups?.add(c);
    whole?.add(c);
  };
  const { summary, rules, rulesSource } = await readInputs({ ...inv, skipInvalid: true }, io, onCase, inForce, false);
  if (inv.by !== null && !isKnownColumn(inv.by, summary.columns.extra)) {
    const columns = [...RULE_COLUMNS, ...summary.columns.extra].join(', ');
    throw new UsageError(`--by ${inv.by} is not a column of ${summary.file}; use one of: ${columns}`, 'check');
  }
  const refused = !inv.skipInvalid && summary.skipped.length > 0;
  const report: CheckReport = { summary, rules, rulesSource, coverage: coverage.result(), refused, verdict: null, by: null };
  if (!refused && groups !== null) {
    const bar = progress(io, !inv.json);
    try {
      report.by = { column: groups.column, groups: groups.judgeAll((done, total) => bar.update(`checking ${groups.column}: ${done} of ${total}`)) };
    } finally {
      bar.done();
    }
  } else if (!refused) {
    report.verdict = judge(whole!.problem(), inv.relax);
  }
  io.out(inv.json ? toJsonText(checkJson(report)) : renderCheck(report, style(io.color)));
  if (refused) {
    const n = summary.skipped.length;
    io.err(`error: ${summary.file} has ${n.toLocaleString('en-GB')} invalid row${n === 1 ? '' : 's'} (listed in the report); fix them, or use --skip-invalid to check the valid rows alone`);
    return EXIT.usage;
  }
  // With --relax, a group (or the cohort) passes when a sample exists under its own easing.
  const ok = report.by !== null ? report.by.groups.every(canDraw) : canDraw(report.verdict!);
  return ok ? EXIT.ok : EXIT.noSample;
}
