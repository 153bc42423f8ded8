/**
 * A file of case_ids (`--exclude-file`): cases seen in a recent inspection or audit, or whose
 * families declined before. Either one case_id a line, or a CSV whose header has a case_id
 * column (named as the cohort's may be: `Case ID`, `case-id`…), so a past sample CSV or audit
 * export can be given as it is.
 */
import { readFile } from 'node:fs/promises';
import { isUtf8 } from 'node:buffer';
import { parse } from 'csv-parse/sync';
import { canonicalColumn } from './columns.js';
import { withheldShape } from './identifier-values.js';
import { CohortError, asCohortError, makeProblem } from './problems.js';

function refuse(file: string, reason: string, line: number | null = null): CohortError {
  return CohortError.of(makeProblem({ kind: 'file', file, line, reason }));
}

/** The case_ids a file lists, in file order without repeats. */
export function parseIdFile(text: string, file: string): string[] {
  let records: string[][];
  try {
    records = parse(text, { bom: true, relax_column_count: true, skip_empty_lines: true, trim: true }) as string[][];
  } catch (error) {
    throw asCohortError(error, file);
  }
  const header = records[0] ?? [];
  const column = header.findIndex((h) => canonicalColumn(h) === 'case_id');
  let ids: string[];
  if (column >= 0) {
    ids = records.slice(1).map((r) => r[column] ?? '');
  } else {
    const wide = records.findIndex((r) => r.filter((cell) => cell !== '').length > 1);
    if (wide >= 0) throw refuse(file, 'has several columns but no case_id column; give one case_id a line, or a CSV with a case_id header', null);
    ids = records.map((r) => r[0] ?? '');
  }
  return [...new Set(ids.filter((id) => id !== ''))];
}

export async function readIdFile(file: string): Promise<string[]> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw refuse(file, code === 'ENOENT' ? 'does not exist' : code === 'EISDIR' ? 'is a folder, not a file' : `could not be read (${code ?? 'unknown error'})`);
  }
  if (!isUtf8(bytes)) throw refuse(file, 'is not UTF-8 text; save it as "CSV UTF-8" or plain UTF-8 text');
  return parseIdFile(bytes.toString('utf8'), file);
}

/** An id as it may be printed: one shaped like a personal identifier is described, not shown. */
export function printableId(id: string): string {
  const shape = withheldShape(id);
  return shape === null ? id : `(an id shaped like ${shape}, not shown)`;
}
