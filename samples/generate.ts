/**
 * A seeded generator of realistic synthetic cohort files (docs/cohort-format.md), for tests,
 * benchmarks, demonstrations and samples/cohort.csv. Library and script:
 *
 *   npm run generate -- --rows 100000 --seed demo --areas 150 --out /tmp/c.csv
 *
 * The same seed and options always give a byte-identical file. Rows are made one at a time, so a
 * whole-country file (about 2 million rows) never sits in memory.
 *
 * samples/cohort.csv is `npm run generate -- --rows 2000 --seed tracking-sampler-sample
 * --out samples/cohort.csv`; a test checks that it still matches.
 */
import { createWriteStream, realpathSync } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { stringify } from 'csv-stringify';
import {
  SEN_STATUSES,
  SEN_TYPE_CODES,
  SERVICE_STAGES,
  SETTINGS,
  SOCIAL_CARE,
} from '../src/cohort/codes.js';
import { CANONICAL_COLUMNS } from '../src/cohort/columns.js';
import { LOCALITIES, MAX_AREAS, planAreas, type AreaPlan } from './generator/areas.js';
import { buildModel, healthAgeClass, MAX_AGE, type Model } from './generator/model.js';
import { ID_DIGITS, ID_SPACE, idPermutation, pick, stream } from './generator/random.js';

export interface GenerateOptions {
  rows: number;
  /** Same seed + options => byte-identical file. */
  seed: string;
  /**
   * Default 1. More than 1 adds an `la_code` column ("201", "202", …) and spreads the rows over
   * areas of varied sizes, every area getting at least one row.
   */
  areas?: number;
  /** Expected share of rows in alternative provision; default 0.02. */
  apRate?: number;
}

/** The seed and size of samples/cohort.csv. */
export const SAMPLE_OPTIONS: GenerateOptions = { rows: 2000, seed: 'tracking-sampler-sample' };

export const DEFAULT_AP_RATE = 0.02;
export const MAX_ROWS = ID_SPACE;
const MAX_AP_RATE = 0.5;

/** The contract's columns in its order; la_code is added only when there are several areas. */
const BASE_COLUMNS = CANONICAL_COLUMNS.filter((c) => c !== 'la_code');

interface Resolved {
  rows: number;
  seed: string;
  areas: number;
  apRate: number;
}

function resolve(options: GenerateOptions): Resolved {
  const { rows, seed } = options;
  const areas = options.areas ?? 1;
  const apRate = options.apRate ?? DEFAULT_AP_RATE;
  if (!Number.isSafeInteger(rows) || rows < 0 || rows > MAX_ROWS) {
    throw new RangeError(`rows must be a whole number from 0 to ${MAX_ROWS}, not ${rows}`);
  }
  if (typeof seed !== 'string' || seed === '') throw new RangeError('seed must be a non-empty string');
  if (!Number.isSafeInteger(areas) || areas < 1 || areas > MAX_AREAS) {
    throw new RangeError(`areas must be a whole number from 1 to ${MAX_AREAS}, not ${areas}`);
  }
  if (areas > 1 && areas > rows) throw new RangeError(`areas (${areas}) must not exceed rows (${rows})`);
  if (!Number.isFinite(apRate) || apRate < 0 || apRate > MAX_AP_RATE) {
    throw new RangeError(`apRate (--ap-rate) must be a share from 0 to ${MAX_AP_RATE}, not ${apRate}`);
  }
  return { rows, seed, areas, apRate };
}

export function header(options: GenerateOptions): string[] {
  const { areas } = resolve(options);
  return areas > 1 ? [...BASE_COLUMNS, 'la_code'] : [...BASE_COLUMNS];
}

/**
 * Yields one record (strings in header() order) at a time. Options are checked at once, not on
 * the first next().
 */
export function generateRecords(options: GenerateOptions): Generator<string[]> {
  const resolved = resolve(options);
  const model = buildModel(resolved.apRate);
  const plan = planAreas(resolved.seed, resolved.rows, resolved.areas);
  return records(resolved, model, plan);
}

const AGE_TEXT = Array.from({ length: MAX_AGE + 1 }, (_, a) => String(a));
const AP = SETTINGS.indexOf('ap');
const SEMH = SEN_TYPE_CODES.indexOf('SEMH');

function* records(options: Resolved, model: Model, plan: AreaPlan[]): Generator<string[]> {
  const multiArea = options.areas > 1;
  for (const area of plan) {
    const rng = stream(options.seed, 'rows', area.code);
    const caseNumber = idPermutation(stream(options.seed, 'ids', area.code));
    const prefix = multiArea ? `A${area.code}-` : 'C';
    for (let i = 0; i < area.rows; i++) {
      const status = rng() < area.ehcpShare ? 0 : 1;
      const age = pick(model.ageCum[status]!, rng());
      const need = pick(model.needCum[status]![age]!, rng());
      const secondary = rng() < model.secondaryChance[status]![need]! ? pick(model.secondaryCum[status]![need]!, rng()) : -1;
      const ap = rng() < model.apChance[status]![age]![need]! * area.apMultiplier;
      const setting = ap ? AP : pick(model.settingCum[status]![age]![need]!, rng());
      const stage = pick(model.stageCum[status]![age]![setting]!, rng());
      const social = pick(model.socialCum[status]![age]![ap ? 1 : 0]![need === SEMH ? 1 : 0]!, rng());
      const offered = model.health[status]![healthAgeClass(age)]![need]![secondary + 1]!;
      let health = '';
      for (const [service, chance] of offered) {
        if (rng() < chance) health = health === '' ? service : `${health};${service}`;
      }
      const locality = LOCALITIES[pick(area.localityCum, rng())]!;
      // Positional, in BASE_COLUMNS order: a column added to the contract needs its value here.
      const record = [
        prefix + String(caseNumber(i)).padStart(ID_DIGITS, '0'),
        AGE_TEXT[age]!,
        SEN_STATUSES[status]!,
        SEN_TYPE_CODES[need]!,
        secondary < 0 ? '' : SEN_TYPE_CODES[secondary]!,
        SETTINGS[setting]!,
        SERVICE_STAGES[stage]!,
        SOCIAL_CARE[social]!,
        health,
        locality,
      ];
      if (multiArea) record.push(area.code);
      yield record;
    }
  }
}

/** Header then rows, as a stream of records; options are checked at once. */
function recordStream(options: GenerateOptions): Readable {
  const head = header(options);
  const body = generateRecords(options);
  function* all(): Generator<string[]> {
    yield head;
    yield* body;
  }
  return Readable.from(all());
}

/** Writes the CSV (header, then rows; `\n` line ends) to `path`; resolves when flushed. */
export async function writeCohort(path: string, options: GenerateOptions): Promise<void> {
  const records = recordStream(options); // checks the options before the file is opened
  await pipeline(records, stringify(), createWriteStream(path));
}

// ---------------------------------------------------------------------------------------------
// The script.

const USAGE = `Usage: npm run generate -- --rows N --seed TEXT [--areas N] [--ap-rate SHARE] [--out FILE]

Writes a synthetic SEND cohort CSV (docs/cohort-format.md). Same seed and options, same bytes.

  --rows N         number of rows, 0 to ${MAX_ROWS} (underscores allowed: 2_000_000)
  --seed TEXT      any text; the seed of every random choice
  --areas N        local areas, 1 to ${MAX_AREAS} (default 1); more than 1 adds la_code 201, 202, …
  --ap-rate SHARE  share in alternative provision, 0 to ${MAX_AP_RATE} (default ${DEFAULT_AP_RATE})
  --out FILE       where to write (default: standard output)
  -h, --help       this help

samples/cohort.csv: --rows ${SAMPLE_OPTIONS.rows} --seed ${SAMPLE_OPTIONS.seed} --out samples/cohort.csv`;

class UsageError extends Error {}

function wholeNumber(flag: string, raw: string): number {
  const text = raw.replace(/_/g, '');
  if (!/^\d+$/.test(text)) throw new UsageError(`${flag} must be a whole number, not "${raw}"`);
  return Number(text);
}

function share(flag: string, raw: string): number {
  const text = raw.trim();
  const value = text.endsWith('%') ? Number(text.slice(0, -1)) / 100 : Number(text);
  if (text === '' || !Number.isFinite(value)) throw new UsageError(`${flag} must be a number such as 0.02 or 2%, not "${raw}"`);
  return value;
}

export async function main(argv: string[]): Promise<number> {
  try {
    const { values } = parseArgs({
      args: argv,
      options: {
        rows: { type: 'string' },
        seed: { type: 'string' },
        areas: { type: 'string' },
        'ap-rate': { type: 'string' },
        out: { type: 'string', short: 'o' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    });
    if (values.help) {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    }
    if (values.rows === undefined) throw new UsageError('--rows is required (see --help)');
    if (values.seed === undefined) throw new UsageError('--seed is required (see --help)');
    const options: GenerateOptions = {
      rows: wholeNumber('--rows', values.rows),
      seed: values.seed,
      ...(values.areas !== undefined && { areas: wholeNumber('--areas', values.areas) }),
      ...(values['ap-rate'] !== undefined && { apRate: share('--ap-rate', values['ap-rate']) }),
    };
    resolve(options);
    if (values.out === undefined) {
      await toStdout(options);
      return 0;
    }
    const started = performance.now();
    await writeCohort(values.out, options);
    const seconds = (performance.now() - started) / 1000;
    process.stderr.write(`wrote ${options.rows} rows to ${values.out} in ${seconds.toFixed(1)} s\n`);
    return 0;
  } catch (error) {
    process.stderr.write(`generate: ${oneLine(error)}\n`);
    return 2;
  }
}

async function toStdout(options: GenerateOptions): Promise<void> {
  try {
    await pipeline(recordStream(options), stringify(), process.stdout);
  } catch (error) {
    // A reader that stops early (`| head`) is not an error.
    if ((error as NodeJS.ErrnoException).code !== 'EPIPE') throw error;
  }
}

function oneLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.replace(/\s+/g, ' ').trim();
}

function invokedDirectly(): boolean {
  const script = process.argv[1];
  if (script === undefined) return false;
  try {
    return realpathSync(script) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (invokedDirectly()) {
  process.exitCode = await main(process.argv.slice(2));
}
