/**
 * What every command reads before it works: the rules (a path or the handbook defaults, with
 * --size applied), the mapping file, and the cohort, with progress for a long file and the
 * rows left out or the warnings said on stderr. Rules come first, so a bad rules file is
 * reported before a large cohort is read.
 */
import { resolve } from 'node:path';
import type { Case } from '../src/cohort/case.js';
import { loadMapping } from '../src/cohort/mapping.js';
import { printableId, readIdFile } from '../src/cohort/id-file.js';
import { PROBLEMS_SHOWN } from '../src/cohort/problems.js';
import { readCohort } from '../src/cohort/read.js';
import type { CohortSummary, ReadOptions } from '../src/cohort/summary.js';
import { sameFile } from '../src/report/atomic.js';
import { HANDBOOK_RULES_SOURCE } from '../src/report/output.js';
import { checkRuleColumns, defaultRules, loadRules } from '../src/rules/load.js';
import type { Rules } from '../src/rules/schema.js';
import { agree, formatCount, plural } from '../src/words.js';
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
  hooks: Pick<ReadOptions, 'onHeader' | 'onInvalidRow'> = {},
): Promise<Inputs> {
  const { rules, rulesSource } = inForce ?? (await rulesInForce(inv));
  const mapping = inv.map === null ? undefined : await loadMapping(inv.map);
  const cohort = inv.cohort!;
  if (cohort === '-' && io.stdinIsTty) {
    throw new UsageError(`'-' reads the cohort from standard input, but that is a terminal; pipe a file in: tracking-sampler ${inv.command} - < cohort.csv`, inv.command);
  }
  const bar = progress(io, !inv.quiet);
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
        ...(inv.ageOn !== null && { ageOn: inv.ageOn.date }),
        // Extra columns are read only by rules (enabled or not: --relax and explanations switch
        // them) and by check --by; the rest are dropped as each row is read.
        extraColumns: [...rules.rules.map((r) => r.column), ...(inv.by === null ? [] : [inv.by])],
        ...hooks,
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
  if (inv.ageOn !== null) {
    const given = inv.ageOn.given === inv.ageOn.date ? '' : ` (--age-on ${inv.ageOn.given})`;
    io.err(`ages worked out from dates of birth as on ${inv.ageOn.date}${given}; the dates are withheld`);
  }
  return { rules, rulesSource, summary, cases };
}

/**
 * Every file the command reads, for the writer's refusal to overwrite one of them (see
 * src/report/atomic.ts). A new option that reads a file adds it here.
 */
export function inputFiles(inv: Invocation): string[] {
  return [inv.cohort, inv.rules, inv.map, inv.excludeFile].filter((p): p is string => p !== null && p !== '-');
}

/**
 * Refuses output paths that would overwrite an input, by name or through a symlink, a
 * symlinked folder or a hard link: `draw latest.csv --out cohort.csv`, where latest.csv links
 * to cohort.csv, would destroy the input. Checked before reading, so the refusal is at once;
 * the writer checks again when it writes.
 */
export async function refuseOverwritingInputs(inv: Invocation, outputs: readonly string[], inputs = inputFiles(inv)): Promise<void> {
  for (const out of outputs) {
    for (const input of inputs) {
      if (resolve(out) !== resolve(input) && !(await sameFile(out, input))) continue;
      const alias = resolve(out) === resolve(input) ? '' : ` (it is the same file as ${input})`;
      throw new UsageError(`${out} is one of the input files${alias}; give --out a new file name so it is not overwritten`, inv.command, false);
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
    // A quote that swallowed rows is one record over several lines: each of them was left out.
    const lines = skipped.flatMap((p) => (p.line === null ? [] : Array.from({ length: (p.endLine ?? p.line) - p.line + 1 }, (_, i) => p.line! + i)));
    const where = summary.sheet === undefined ? agree(lines.length, 'line') : `sheet "${summary.sheet}" ${agree(lines.length, 'row')}`;
    io.err(`${summary.file}: left out ${plural(skipped.length, 'invalid row')} (--skip-invalid): ${where} ${lineRanges(lines)}`);
    for (const p of skipped.slice(0, PROBLEMS_SHOWN)) io.err(`  ${p.message}`);
    if (skipped.length > PROBLEMS_SHOWN) io.err(`  … and ${formatCount(skipped.length - PROBLEMS_SHOWN)} more`);
  }
  for (const w of summary.warnings) io.err(`warning: ${w.message}`);
}

/** The cases excluded: --exclude's, and --exclude-file's that are in the cohort. */
export interface Exclusions {
  /** Every case_id to exclude, --exclude first. */
  excludes: string[];
  /** Those the --exclude-file listed and the cohort has. */
  fromFile: string[];
  /** Those it listed that the cohort does not have: said, not fatal (an old list outlives cases). */
  unknown: string[];
}

/**
 * --exclude and --exclude-file together. An id on --exclude that no case has stays an error (a
 * typo on the command line); one in the file is listed on stderr and passed over, since a list
 * kept from past inspections names cases that have since left the cohort.
 */
export async function exclusions(inv: Invocation, cases: readonly Case[], io: Io): Promise<Exclusions> {
  if (inv.excludeFile === null) return { excludes: inv.excludes, fromFile: [], unknown: [] };
  const listed = await readIdFile(inv.excludeFile);
  const known = new Set(cases.map((c) => c.case_id));
  const fromFile = listed.filter((id) => known.has(id));
  const unknown = listed.filter((id) => !known.has(id));
  if (unknown.length > 0) {
    const shown = unknown.slice(0, PROBLEMS_SHOWN).map(printableId).join(', ');
    const more = unknown.length > PROBLEMS_SHOWN ? ` and ${formatCount(unknown.length - PROBLEMS_SHOWN)} more` : '';
    io.err(`warning: ${inv.excludeFile} lists ${plural(unknown.length, 'case_id')} that ${agree(unknown.length, 'is', 'are')} not in the cohort (nothing to exclude for them): ${shown}${more}`);
  }
  const pinnedToo = fromFile.filter((id) => inv.pins.includes(id));
  if (pinnedToo.length > 0) {
    throw new UsageError(`${pinnedToo.map(printableId).join(', ')}: pinned with --pin but listed in ${inv.excludeFile}; a case cannot be both`, inv.command);
  }
  return { excludes: [...new Set([...inv.excludes, ...fromFile])], fromFile, unknown };
}
