/**
 * What every command reads before it works: the rules (a path or the handbook defaults, with
 * --size applied), the mapping file, and the cohort, with progress for a long file and the
 * rows left out or the warnings said on stderr. Rules come first, so a bad rules file is
 * reported before a large cohort is read.
 */
import { resolve } from 'node:path';
import type { Case } from '../src/cohort/case.js';
import { loadMapping } from '../src/cohort/mapping.js';
import { PROBLEMS_SHOWN } from '../src/cohort/problems.js';
import { readCohort, type CohortSummary } from '../src/cohort/read.js';
import { HANDBOOK_RULES_SOURCE } from '../src/report/output.js';
import { checkRuleColumns, defaultRules, loadRules } from '../src/rules/load.js';
import type { Rules } from '../src/rules/schema.js';
import type { Invocation } from './args.js';
import { UsageError } from './errors.js';
import { progress, type Io } from './terminal.js';

export interface RulesInForce {
  rules: Rules;
  /** A path, or "handbook defaults". */
  rulesSource: string;
}

export async function rulesInForce(inv: Invocation): Promise<RulesInForce> {
  const rules = inv.rules === null ? defaultRules() : await loadRules(inv.rules);
  if (inv.size !== null) rules.size = inv.size;
  return { rules, rulesSource: inv.rules ?? HANDBOOK_RULES_SOURCE };
}

export interface Inputs extends RulesInForce {
  summary: CohortSummary;
  cases: Case[];
}

/**
 * Reads the cohort. `onCase` sees each case as it is read (check counts coverage that way).
 * Cases are kept for drawing, which picks actual cases; `check` passes keepCases false and
 * tallies them instead, so a national file does not sit in memory.
 */
export async function readInputs(
  inv: Invocation,
  io: Io,
  onCase?: (c: Case) => void,
  inForce?: RulesInForce,
  keepCases = true,
): Promise<Inputs> {
  const { rules, rulesSource } = inForce ?? (await rulesInForce(inv));
  const mapping = inv.map === null ? undefined : await loadMapping(inv.map);
  const cohort = inv.cohort!;
  if (cohort === '-' && io.stdinIsTty) {
    throw new UsageError(`'-' reads the cohort from standard input, but that is a terminal; pipe a file in: tracking-sampler ${inv.command} - < cohort.csv`, inv.command);
  }
  const bar = progress(io, !inv.json);
  const label = cohort === '-' ? 'standard input' : cohort;
  const cases: Case[] = [];
  let summary: CohortSummary;
  try {
    summary = await readCohort(
      cohort,
      {
        ...(mapping !== undefined && { mapping }),
        allowIdentifiers: inv.allowIdentifiers,
        skipInvalid: inv.skipInvalid,
        ...(inv.sheet !== null && { sheet: inv.sheet }),
        ...(inv.headerRow !== null && { headerRow: inv.headerRow }),
        onProgress: (read, total) =>
          bar.update(total === null ? `reading ${label}: ${(read / 2 ** 20).toFixed(0)} MB` : `reading ${label}: ${Math.floor((read / total) * 100)}%`),
      },
      (c) => {
        if (keepCases) cases.push(c);
        onCase?.(c);
      },
    );
  } finally {
    bar.done();
  }
  checkRuleColumns(rules, summary.columns.extra, rulesSource);
  return { rules, rulesSource, summary, cases };
}

/**
 * Refuses output paths that would overwrite the cohort or the rules: `draw cohort.csv --out
 * cohort.csv` is a typo that would destroy the input.
 */
export function refuseOverwritingInputs(inv: Invocation, outputs: readonly string[]): void {
  const inputs = [inv.cohort, inv.rules, inv.map].filter((p): p is string => p !== null && p !== '-').map((p) => resolve(p));
  for (const out of outputs) {
    if (inputs.includes(resolve(out))) {
      throw new UsageError(`${out} is one of the input files; give --out a new file name so it is not overwritten`, inv.command);
    }
  }
}

/** Line numbers as ranges: "4, 9-12, 40". Exact, and short even for thousands of rows. */
export function lineRanges(lines: readonly number[]): string {
  const sorted = [...new Set(lines)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; i++) {
    const start = sorted[i]!;
    while (sorted[i + 1] === sorted[i]! + 1) i++;
    parts.push(start === sorted[i] ? String(start) : `${start}-${sorted[i]}`);
  }
  return parts.join(', ');
}

/**
 * On stderr: exactly which rows --skip-invalid left out (every line number), why for the
 * first few, and the reader's warnings (a withheld column, masked case_ids, a delimiter).
 */
export function reportReadNotes(summary: CohortSummary, io: Io): void {
  const skipped = summary.skipped;
  if (skipped.length > 0) {
    const lines = skipped.map((p) => p.line).filter((l): l is number => l !== null);
    const noun = skipped.length === 1 ? 'row' : 'rows';
    const where = summary.sheet === undefined ? `line${lines.length === 1 ? '' : 's'}` : `sheet "${summary.sheet}" row${lines.length === 1 ? '' : 's'}`;
    io.err(`${summary.file}: left out ${skipped.length.toLocaleString('en-GB')} invalid ${noun} (--skip-invalid): ${where} ${lineRanges(lines)}`);
    for (const p of skipped.slice(0, PROBLEMS_SHOWN)) io.err(`  ${p.message}`);
    if (skipped.length > PROBLEMS_SHOWN) io.err(`  … and ${(skipped.length - PROBLEMS_SHOWN).toLocaleString('en-GB')} more`);
  }
  for (const w of summary.warnings) io.err(`warning: ${w.message}`);
}
