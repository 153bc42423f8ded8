/** `odds`: each case's exact chance of being picked; with --out, one CSV row per case. */
import { writeFilesAtomically } from '../../src/report/atomic.js';
import { oddsJson, toJsonText } from '../../src/report/json.js';
import { oddsReport } from '../../src/analysis/odds.js';
import { oddsCsvChunks } from '../../src/report/odds-csv.js';
import { style } from '../../src/report/style.js';
import { renderOdds } from '../../src/report/text-odds.js';
import { countValidSamples } from '../../src/solver/count.js';
import { fairDistribution } from '../../src/solver/fair.js';
import { profileChances } from '../../src/solver/odds.js';
import { prepareRelaxed } from '../../src/solver/relax.js';
import type { Invocation } from '../args.js';
import { EXIT } from '../errors.js';
import { exclusions, inputFiles, readInputs, refuseOverwritingInputs, reportReadNotes } from '../inputs.js';
import type { Io } from '../terminal.js';

export async function odds(inv: Invocation, io: Io): Promise<number> {
  if (inv.out !== null) await refuseOverwritingInputs(inv, [inv.out]);
  const { rules, summary, cases } = await readInputs(inv, io);
  reportReadNotes(summary, io);
  const { excludes } = await exclusions(inv, cases, io);
  const { problem, relaxation } = prepareRelaxed({ cases, rules, pins: inv.pins, excludes }, inv.relax);
  const count = countValidSamples(problem);
  const uniform = profileChances(problem, count);
  const fair = inv.selection === 'fair' && count > 0n ? await fairDistribution(problem, { pickable: uniform.map((c) => c.samples > 0n), count }) : null;
  const report = oddsReport(problem, { count, uniform, fair });
  // With no valid sample every chance is 0: a file of zeros would only mislead.
  if (report.feasible && inv.out !== null) {
    await writeFilesAtomically([{ path: inv.out, data: oddsCsvChunks(report.eachCase()) }], {
      inputs: inputFiles(inv),
      onNotice: (message) => io.err(`notice: ${message}`),
    });
    io.err(`wrote ${inv.out}`);
  }
  io.out(
    inv.json ? toJsonText(oddsJson(report, summary, problem.rules, relaxation)) : renderOdds(report, summary, style(io.color), relaxation),
    inv.json ? 'data' : 'text',
  );
  if (!report.feasible && inv.out !== null) io.err(`no sample, so ${inv.out} was not written`);
  return report.feasible ? EXIT.ok : EXIT.noSample;
}
