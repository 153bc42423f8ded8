/** The odds CSV (`odds --out`): one row per case with its exact chance of being picked. */
import { stringify } from 'csv-stringify/sync';
import { csvOptions } from './csv.js';
import { caseCells, type CaseColumn } from './fields.js';
import type { CaseChance } from '../solver/odds.js';

/**
 * Rows per slice: small on purpose. The rows of a slice are garbage once it is stringified,
 * but while a slice is being built its rows outlive young-generation collections, and rows
 * that do are moved to the old generation, where they stay until a full collection. With two
 * million cases in memory V8 lets the old generation grow far before collecting it: slices
 * of 1,000 rows added ~300 MB to the heap of `odds --out` on two million cases, slices of 99
 * added nothing measurable (same machine, same load).
 */
const ODDS_BATCH_ROWS = 99;

const CASE_COLUMNS: readonly CaseColumn[] = ['case_id', 'age', 'age_band', 'sen_status', 'primary_need', 'need_area', 'setting', 'service_stage', 'social_care', 'locality', 'la_code'];
const ODDS_COLUMNS = [...CASE_COLUMNS, 'chance', 'valid_samples_with_case', 'pinned', 'excluded', 'uniform_chance'];

/**
 * One row per case, in file order, formula-escaped like every CSV the tool writes; made in
 * slices of {@link ODDS_BATCH_ROWS} rows so that a million-row file never sits in memory as one
 * string. The chance and count are the same for every case of a profile, so they are formatted
 * once each.
 */
export function* oddsCsvChunks(chances: Iterable<CaseChance>): Generator<string> {
  const formatted = new Map<bigint | number, [string, string, string]>();
  const format = (ch: CaseChance): [string, string, string] => {
    // Pins and exclusions carry no profile; key them by their (shared) count instead.
    const key = ch.profile >= 0 ? ch.profile : ch.samples;
    let f = formatted.get(key);
    // Six significant digits: enough to compare, and the exact count sits beside it.
    const share = (x: number) => String(Number(x.toPrecision(6)));
    if (!f) formatted.set(key, (f = [share(ch.chance), ch.samples.toString(), share(ch.uniformChance)]));
    return f;
  };
  const row = (ch: CaseChance): string[] => {
    const cells = caseCells(ch.case);
    const [chance, samples, uniformChance] = format(ch);
    return [...CASE_COLUMNS.map((k) => cells[k]), chance, samples, ch.pinned ? 'yes' : 'no', ch.excluded ? 'yes' : 'no', uniformChance];
  };
  let rows: string[][] = [];
  let header = true;
  for (const ch of chances) {
    rows.push(row(ch));
    if (rows.length === ODDS_BATCH_ROWS) {
      yield stringify(rows, { header, columns: ODDS_COLUMNS, ...csvOptions(header) });
      [rows, header] = [[], false];
    }
  }
  if (rows.length > 0 || header) yield stringify(rows, { header, columns: ODDS_COLUMNS, ...csvOptions(header) });
}

/** The whole CSV as one string (small cohorts, tests). */
export function oddsCsv(chances: Iterable<CaseChance>): string {
  return [...oddsCsvChunks(chances)].join('');
}
