/** `draw`: one uniform draw, printed; with --out, the sample CSV and its audit record. */
import { drawJson, toJsonText } from '../../src/report/json.js';
import { auditPathFor, recordFromDraw, rerunCommand, writeSampleFiles } from '../../src/report/output.js';
import { style } from '../../src/report/style.js';
import { renderDraw } from '../../src/report/text-draw.js';
import { countValidSamples } from '../../src/solver/count.js';
import { fairFor } from '../../src/solver/fair.js';
import { drawSample } from '../../src/solver/sample.js';
import { freshSeed } from '../seed.js';
import { prepareRelaxed } from '../../src/solver/relax.js';
import { explainInfeasible } from '../../src/solver/explain.js';
import type { Invocation } from '../args.js';
import { EXIT } from '../errors.js';
import { exclusions, inputFiles, readInputs, refuseOverwritingInputs, reportReadNotes } from '../inputs.js';
import type { Io } from '../terminal.js';
import { toolVersion } from '../version.js';

export async function draw(inv: Invocation, io: Io): Promise<number> {
  if (inv.out !== null) await refuseOverwritingInputs(inv, [inv.out, auditPathFor(inv.out)]);
  const { rules, rulesSource, summary, cases } = await readInputs(inv, io);
  reportReadNotes(summary, io);
  const excluded = await exclusions(inv, cases, io);
  // With --relax and rules that cannot all be met, `problem` is under the eased rules, and
  // everything after (the draw, reserves, the rules' ✓) simply uses them.
  const { problem, given, relaxation } = prepareRelaxed({ cases, rules, pins: inv.pins, excludes: excluded.excludes }, inv.relax);
  const seed = inv.seed ?? freshSeed();
  // Fair selection draws from the distribution that evens out chances; it needs a sample to exist.
  const count = inv.selection === 'fair' ? countValidSamples(problem) : 0n;
  const fair = count > 0n ? await fairFor(problem, count) : null;
  const result = drawSample(problem, { seed, reserves: inv.reserves, fair });
  // --json's explanation is about the rules as given, as `feasible` is, even when eased.
  const explanation = relaxation?.relaxed ? explainInfeasible(given) : result.explanation;
  const record = recordFromDraw({
    result,
    summary,
    rules,
    rulesSource,
    relaxation,
    options: {
      size: rules.size,
      pins: inv.pins,
      excludes: excluded.excludes,
      excludeFile: inv.excludeFile === null ? null : { path: inv.excludeFile, caseIds: excluded.fromFile },
      relax: inv.relax,
      selection: inv.selection,
      reserves: inv.reserves,
      skipInvalid: inv.skipInvalid,
      allowIdentifiers: inv.allowIdentifiers,
      mapping: inv.map,
      sheet: inv.sheet,
      headerRow: inv.headerRow,
    },
    toolVersion: toolVersion(),
    createdAt: new Date().toISOString(),
  });
  // Files first: if they cannot be written the command fails before claiming success.
  if (result.feasible && inv.out !== null) {
    const written = await writeSampleFiles(inv.out, record, {
      inputs: inputFiles(inv),
      onNotice: (message) => io.err(`notice: ${message}`),
    });
    io.err(`wrote ${written.csv} and ${written.audit}`);
  }
  io.out(
    inv.json
      ? toJsonText(drawJson({ ...result, explanation }, summary, problem.rules, relaxation))
      : renderDraw(result, { summary, rules: problem.rules, style: style(io.color), rerun: rerunCommand(record), relaxation }),
    inv.json ? 'data' : 'text',
  );
  if (!result.feasible && inv.out !== null) io.err(`no sample, so ${inv.out} was not written`);
  return result.feasible ? EXIT.ok : EXIT.noSample;
}
