/**
 * The files a drawn sample leaves behind: the sample CSV (picks, then reserves) for the people
 * who arrange the tracking meetings, and the audit record beside it, which holds everything
 * needed to draw the same sample again and to show how it was drawn.
 */
import { stringify } from 'csv-stringify/sync';
import { csvOptions } from './csv.js';
import { workbook, type Cell } from './xlsx.js';
import type { Rules } from '../rules/schema.js';
import type { RuleResult } from '../rules/evaluate.js';
import type { DrawResult, Pick } from '../solver/sample.js';
import type { Relaxation } from '../solver/relax.js';
import type { Selection } from '../solver/selection.js';
import type { CohortSummary } from '../cohort/summary.js';
import type { Reserve } from '../solver/swap.js';
import type { Case } from '../cohort/case.js';
import { writeFilesAtomically, type RecordedFile, type WriteOptions } from './atomic.js';
import { caseCells, caseFields } from './fields.js';
import { cohortJson, relaxationJson, ruleResultJson, rulesJson } from './json.js';
import { FORMAT_VERSION, type AuditEvent, type AuditJson } from './schema.js';
import { plural } from '../words.js';

/** One thing that happened to the sample, in order: the draw, then each change in review. */
export type { AuditEvent };

/** Everything about a sample that its files record. */
export interface SampleRecord {
  toolVersion: string;
  createdAt: string;
  /** As in JSON: `age_on` when ages were worked out from dates of birth. */
  cohort: { file: string; sheet?: string; age_on?: string; rows: number; valid: number; skipped: number; sha256: string };
  /** The rules as given, with any --size override already applied. */
  rules: Rules;
  /** What --relax did (null without it); when relaxed, the picks meet `relaxation.rules`. */
  relaxation: Relaxation | null;
  /** A path, or {@link HANDBOOK_RULES_SOURCE}. */
  rulesSource: string;
  seed: string;
  options: {
    size: number;
    pins: string[];
    /** Every case excluded: --exclude's and, after them, the --exclude-file's. */
    excludes: string[];
    /** The --exclude-file and the ids it contributed that the cohort has. */
    excludeFile: { path: string; caseIds: string[] } | null;
    relax: boolean;
    /** uniform or fair: how the sample was chosen among the valid ones. */
    selection: Selection;
    reserves: number;
    skipInvalid: boolean;
    allowIdentifiers: boolean;
    mapping: string | null;
    /** In a workbook, the sheet read (--sheet), when one was named. */
    sheet?: string | null;
    /** --header-row, when given. */
    headerRow?: number | null;
  };
  validSamples: bigint;
  picks: Pick[];
  reserves: Reserve[];
  ruleResults: RuleResult[];
  events: AuditEvent[];
}

/** What `rulesSource` says when no rules file was given. */
export const HANDBOOK_RULES_SOURCE = 'handbook defaults';

export const SAMPLE_CSV_COLUMNS = [
  'role',
  'case_id',
  'age',
  'age_band',
  'sen_status',
  'primary_need',
  'need_area',
  'secondary_need',
  'setting',
  'service_stage',
  'social_care',
  'locality',
  'la_code',
  'covers',
  'replaces',
  'pinned',
] as const;

type CsvRow = Record<(typeof SAMPLE_CSV_COLUMNS)[number], string>;

function csvRow(role: 'pick' | 'reserve', c: Case, covers: string[], replaces: string[], pinned: boolean): CsvRow {
  return { role, ...caseCells(c), covers: covers.join(';'), replaces: replaces.join(';'), pinned: pinned ? 'yes' : 'no' };
}

/**
 * The sample as CSV. Values are escaped against formula injection (OWASP "CSV Injection"):
 * locality and la_code are free text from the export, and the file is meant to be opened in a
 * spreadsheet.
 */
export function sampleCsv(record: SampleRecord): string {
  return stringify(sampleRows(record), { header: true, columns: [...SAMPLE_CSV_COLUMNS], ...csvOptions() });
}

/** The picks, then the reserves, one row each: the rows of the sample's CSV and workbook. */
function sampleRows(record: SampleRecord): CsvRow[] {
  return [
    ...record.picks.map((p) => csvRow('pick', p.case, p.covers, [], p.pinned)),
    ...record.reserves.map((r) => csvRow('reserve', r.case, [], r.replaces, false)),
  ];
}

/** The columns of the sample that hold numbers in a workbook; every other cell is text. */
const NUMBER_COLUMNS: ReadonlySet<string> = new Set(['age']);

/**
 * The sample as an .xlsx workbook: the CSV's rows with typed cells, the rules with ✓ or ✗, and
 * how it was drawn (the count exact, as text: a spreadsheet number keeps 15 digits).
 */
export function sampleXlsx(record: SampleRecord): Uint8Array {
  const { cohort, options } = record;
  const sample: Cell[][] = [
    [...SAMPLE_CSV_COLUMNS],
    ...sampleRows(record).map((row) => SAMPLE_CSV_COLUMNS.map((c) => (NUMBER_COLUMNS.has(c) && row[c] !== '' ? Number(row[c]) : row[c]))),
  ];
  const rules: Cell[][] = [
    ['rule', 'met', 'description', 'progress'],
    ...record.ruleResults.map((r) => [r.id, r.satisfied ? '✓' : '✗', r.description, r.progress]),
  ];
  const how: Cell[][] = [
    ['tool', `tracking-sampler ${record.toolVersion}`],
    ['created at', record.createdAt],
    ['cohort file', cohort.file],
    ...(cohort.sheet === undefined ? [] : [['cohort sheet', cohort.sheet]]),
    ...(cohort.age_on === undefined ? [] : [['ages as on', cohort.age_on]]),
    ['cohort rows', cohort.rows],
    ['cohort valid rows', cohort.valid],
    ['cohort sha256', cohort.sha256],
    ['rules', record.rulesSource],
    ['seed', record.seed],
    ['size', options.size],
    ['pins', options.pins.join(' ')],
    ['excludes', options.excludes.join(' ')],
    ['valid samples', record.validSamples.toString()],
    ['rerun', rerunCommand(record)],
  ];
  return workbook([
    { name: 'Sample', rows: sample },
    { name: 'Rules', rows: rules },
    { name: 'How it was drawn', rows: how },
  ]);
}

/** Quotes an argument for a POSIX shell only when it needs it, so the common line stays readable. */
function shellQuote(arg: string): string {
  return /^[A-Za-z0-9_./:=@%+,-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** `--seed -x` would read as an option: such values go as `--seed=-x`. */
function option(name: string, value: string): string[] {
  return value.startsWith('-') ? [`--${name}=${value}`] : [`--${name}`, value];
}

/**
 * The command that draws the same picks and reserves again from the same cohort file. The size
 * is always given, so the line holds even if the rules file it names later changes its size.
 */
export function rerunCommand(record: SampleRecord): string {
  const { options } = record;
  const args = ['tracking-sampler', 'draw', record.cohort.file === 'stdin' ? '-' : record.cohort.file];
  if (record.rulesSource !== HANDBOOK_RULES_SOURCE) args.push(...option('rules', record.rulesSource));
  if (options.mapping !== null) args.push(...option('map', options.mapping));
  if (options.sheet != null) args.push(...option('sheet', options.sheet));
  if (options.headerRow != null) args.push(...option('header-row', String(options.headerRow)));
  // The resolved date, not `dfe`: the same line draws the same sample next year too.
  if (record.cohort.age_on !== undefined) args.push(...option('age-on', record.cohort.age_on));
  args.push(...option('size', String(options.size)), ...option('seed', record.seed));
  for (const id of options.pins) args.push(...option('pin', id));
  const fromFile = new Set(options.excludeFile?.caseIds ?? []);
  for (const id of options.excludes) if (!fromFile.has(id)) args.push(...option('exclude', id));
  if (options.excludeFile !== null) args.push(...option('exclude-file', options.excludeFile.path));
  if (options.relax) args.push('--relax');
  if (options.selection !== 'uniform') args.push(...option('selection', options.selection));
  args.push(...option('reserves', String(options.reserves)));
  if (options.skipInvalid) args.push('--skip-invalid');
  if (options.allowIdentifiers) args.push('--allow-identifiers');
  return args.map(shellQuote).join(' ');
}

/**
 * The audit record, as pretty JSON (bigint counts as decimal strings). `files` names the sample
 * CSV it describes, with its SHA-256, so a CSV and an audit that do not belong together show.
 */
export function auditJson(record: SampleRecord, files: readonly RecordedFile[] = []): string {
  const changed = record.events.some((e) => e.action !== 'draw');
  const inForce = record.relaxation?.relaxed ? record.relaxation.rules : record.rules;
  const audit: AuditJson = {
    format_version: FORMAT_VERSION,
    tool: 'tracking-sampler',
    tool_version: record.toolVersion,
    created_at: record.createdAt,
    cohort: record.cohort,
    rules_source: record.rulesSource,
    rules_file: record.rules,
    // The picks were drawn under the eased rules when relaxed: those and what gave way.
    relaxed: record.relaxation?.relaxed ?? false,
    relaxation: relaxationJson(record.relaxation).relaxation,
    rules_file_in_force: inForce,
    rules: rulesJson(inForce),
    seed: record.seed,
    options: {
      size: record.options.size,
      pinned: record.options.pins,
      excluded: record.options.excludes,
      exclude_file: record.options.excludeFile && { path: record.options.excludeFile.path, case_ids: record.options.excludeFile.caseIds },
      relax: record.options.relax,
      selection: record.options.selection,
      reserves: record.options.reserves,
      skip_invalid: record.options.skipInvalid,
      allow_identifiers: record.options.allowIdentifiers,
      mapping: record.options.mapping,
      ...(record.options.sheet != null && { sheet: record.options.sheet }),
      ...(record.options.headerRow != null && { header_row: record.options.headerRow }),
    },
    valid_samples: record.validSamples.toString(),
    picks: record.picks.map((p) => ({ ...caseFields(p.case, record.rules), covers: p.covers, pinned: p.pinned })),
    reserves: record.reserves.map((r) => ({ ...caseFields(r.case, record.rules), replaces: r.replaces })),
    rule_results: record.ruleResults.map(ruleResultJson),
    events: record.events,
    rerun: rerunCommand(record),
    ...(changed && {
      rerun_note: 'the rerun command draws the sample as first drawn; the events after the draw record the changes made to it since',
    }),
    files: [...files],
  };
  return `${JSON.stringify(audit, null, 2)}\n`;
}

export interface DrawRecordInput {
  result: DrawResult;
  summary: CohortSummary;
  rules: Rules;
  rulesSource: string;
  relaxation: Relaxation | null;
  options: SampleRecord['options'];
  toolVersion: string;
  /** ISO 8601; the caller reads the clock, so this stays a pure function. */
  createdAt: string;
}

/** The record of a fresh draw: its one event is the draw itself. */
export function recordFromDraw(input: DrawRecordInput): SampleRecord {
  const { result, summary } = input;
  const detail = `drew ${result.picks.length} picks and ${result.reserves.length} reserves with seed ${result.seed}, from ${plural(result.validSamples, 'valid sample')}`;
  return {
    toolVersion: input.toolVersion,
    createdAt: input.createdAt,
    cohort: cohortJson(summary),
    rules: input.rules,
    rulesSource: input.rulesSource,
    relaxation: input.relaxation,
    seed: result.seed,
    options: input.options,
    validSamples: result.validSamples,
    picks: result.picks,
    reserves: result.reserves,
    ruleResults: result.ruleResults,
    events: [{ at: input.createdAt, action: 'draw', seed: result.seed, detail }],
  };
}

/** sample.csv (or sample.xlsx) → sample.audit.json; another name gets .audit.json added. */
export function auditPathFor(csvPath: string): string {
  return /\.(csv|xlsx)$/i.test(csvPath) ? csvPath.replace(/\.(csv|xlsx)$/i, '.audit.json') : `${csvPath}.audit.json`;
}

/** Whether --out names a workbook: the sample is then written as .xlsx, else as CSV. */
export function isWorkbookPath(path: string): boolean {
  return /\.xlsx$/i.test(path);
}

/**
 * Writes the sample CSV and its audit record together: both, or neither; the audit holds the
 * CSV's SHA-256 and is renamed into place first (see atomic.ts).
 */
export async function writeSampleFiles(
  csvPath: string,
  record: SampleRecord,
  options: Omit<WriteOptions, 'record'>,
): Promise<{ csv: string; audit: string }> {
  const audit = auditPathFor(csvPath);
  const data = isWorkbookPath(csvPath) ? sampleXlsx(record) : sampleCsv(record);
  await writeFilesAtomically([{ path: csvPath, data }], {
    ...options,
    record: { path: audit, data: (files) => auditJson(record, files) },
  });
  return { csv: csvPath, audit };
}
