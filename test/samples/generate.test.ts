import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { afterAll, describe, expect, it } from 'vitest';
import {
  AGE_BANDS,
  NEED_AREAS,
  SERVICE_STAGES,
  ageBand,
  needArea,
  parseSenStatus,
  parseSenType,
  parseServiceStage,
  parseSetting,
  parseSocialCare,
  type NeedArea,
} from '../../src/cohort/codes.js';
import {
  SAMPLE_OPTIONS,
  generateRecords,
  header,
  writeCohort,
  type GenerateOptions,
} from '../../samples/generate.js';
import { HEALTH_SERVICES } from '../../samples/generator/model.js';
import { LOCALITIES } from '../../samples/generator/areas.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const SAMPLE_FILE = join(ROOT, 'samples/cohort.csv');
const SCRIPT = join(ROOT, 'samples/generate.ts');

const scratch = mkdtempSync(join(tmpdir(), 'generate-test-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

type Row = Record<string, string>;

function rows(options: GenerateOptions): Row[] {
  const columns = header(options);
  return Array.from(generateRecords(options), (record) =>
    Object.fromEntries(columns.map((c, i) => [c, record[i]!])),
  );
}

function share(list: Row[], test: (r: Row) => boolean): number {
  return list.filter(test).length / list.length;
}

function tally(list: Row[], key: (r: Row) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const r of list) counts.set(key(r), (counts.get(key(r)) ?? 0) + 1);
  return counts;
}

function areaOf(r: Row): NeedArea | null {
  const code = parseSenType(r.primary_need!);
  return code ? needArea(code) : null;
}

describe('generateRecords', () => {
  it('gives the same records for the same seed and options, other records for another seed', () => {
    const options = { rows: 3000, seed: 'same', areas: 5 };
    const a = [...generateRecords(options)];
    const b = [...generateRecords(options)];
    expect(b).toEqual(a);
    const other = [...generateRecords({ ...options, seed: 'other' })];
    expect(other).toHaveLength(a.length);
    expect(other).not.toEqual(a);
    const differing = other.filter((r, i) => r.join() !== a[i]!.join()).length;
    expect(differing).toBeGreaterThan(2900);
  });

  it('makes exactly the rows asked for', () => {
    for (const options of [
      { rows: 0, seed: 'n' },
      { rows: 1, seed: 'n' },
      { rows: 2345, seed: 'n' },
      { rows: 2345, seed: 'n', areas: 7 },
      { rows: 9, seed: 'n', areas: 9 },
    ]) {
      expect([...generateRecords(options)]).toHaveLength(options.rows);
    }
  });

  it('has the contract columns, with la_code only for several areas', () => {
    const base = [
      'case_id', 'age', 'sen_status', 'primary_need', 'secondary_need', 'setting',
      'service_stage', 'social_care', 'health_services', 'locality',
    ];
    expect(header({ rows: 10, seed: 'h' })).toEqual(base);
    expect(header({ rows: 10, seed: 'h', areas: 2 })).toEqual([...base, 'la_code']);
    for (const record of generateRecords({ rows: 50, seed: 'h', areas: 3 })) expect(record).toHaveLength(11);
  });

  it('rejects options it cannot honour, before the first record', () => {
    expect(() => generateRecords({ rows: -1, seed: 's' })).toThrow(RangeError);
    expect(() => generateRecords({ rows: 1.5, seed: 's' })).toThrow(RangeError);
    expect(() => generateRecords({ rows: 10, seed: '' })).toThrow(RangeError);
    expect(() => generateRecords({ rows: 10, seed: 's', areas: 0 })).toThrow(RangeError);
    expect(() => generateRecords({ rows: 10, seed: 's', areas: 11 })).toThrow(/must not exceed rows/);
    expect(() => generateRecords({ rows: 10, seed: 's', areas: 1000 })).toThrow(RangeError);
    expect(() => generateRecords({ rows: 10, seed: 's', apRate: 0.9 })).toThrow(RangeError);
    expect(() => generateRecords({ rows: 10, seed: 's', apRate: Number.NaN })).toThrow(RangeError);
  });
});

describe('a 20,000-row cohort', () => {
  const cohort = rows({ rows: 20_000, seed: 'proportions' });
  const multi = rows({ rows: 20_000, seed: 'validity', areas: 12 });

  it('holds only valid, canonical codes', () => {
    const services = new Set<string>(HEALTH_SERVICES);
    const localities = new Set<string>(LOCALITIES);
    const problems: string[] = [];
    const check = (ok: boolean, r: Row, what: string): void => {
      if (!ok && problems.length < 20) problems.push(`${r.case_id}: ${what} in ${JSON.stringify(r)}`);
    };
    for (const r of [...cohort, ...multi]) {
      check((r.la_code ? /^A\d{3}-\d{7}$/ : /^C\d{7}$/).test(r.case_id!), r, 'case_id');
      if (r.la_code) {
        check(/^\d{3}$/.test(r.la_code), r, 'la_code');
        check(r.case_id!.startsWith(`A${r.la_code}-`), r, 'case_id prefix');
      }
      check(/^\d{1,2}$/.test(r.age!) && Number(r.age) <= 25, r, 'age');
      // Canonical: each value is the code its parser gives back, not just a spelling of it.
      check(parseSenStatus(r.sen_status!) === r.sen_status, r, 'sen_status');
      check(parseSenType(r.primary_need!) === r.primary_need, r, 'primary_need');
      if (r.secondary_need !== '') {
        check(parseSenType(r.secondary_need!) === r.secondary_need, r, 'secondary_need');
        check(r.secondary_need !== r.primary_need && r.secondary_need !== 'NSA', r, 'secondary_need');
      }
      check(parseSetting(r.setting!) === r.setting, r, 'setting');
      check(parseServiceStage(r.service_stage!) === r.service_stage, r, 'service_stage');
      check(parseSocialCare(r.social_care!) === r.social_care, r, 'social_care');
      if (r.health_services !== '') {
        const list = r.health_services!.split(';');
        check(list.every((x) => services.has(x)) && new Set(list).size === list.length, r, 'health_services');
      }
      check(localities.has(r.locality!), r, 'locality');
    }
    expect(problems).toEqual([]);
  });

  it('has unique case references', () => {
    for (const list of [cohort, multi]) expect(new Set(list.map((r) => r.case_id)).size).toBe(list.length);
  });

  it('keeps setting, status, stage and social care consistent with age', () => {
    for (const r of cohort) {
      const age = Number(r.age);
      if (r.sen_status === 'SEN support') expect(age).toBeLessThanOrEqual(19);
      if (age >= 20) expect(['further_education', 'not_in_education', 'other_arrangements']).toContain(r.setting);
      if (r.setting === 'early_years') expect(age).toBeLessThanOrEqual(4);
      if (r.setting === 'further_education') expect(age).toBeGreaterThanOrEqual(16);
      if (r.setting === 'ap') {
        expect(age).toBeGreaterThanOrEqual(5);
        expect(age).toBeLessThanOrEqual(18);
      }
      if (r.social_care === 'care_leaver') expect(age).toBeGreaterThanOrEqual(16);
      if (age >= 18) expect(['none', 'care_leaver']).toContain(r.social_care);
    }
    const ap = cohort.filter((r) => r.setting === 'ap');
    expect(share(ap, (r) => Number(r.age) >= 11 && Number(r.age) <= 16)).toBeGreaterThan(0.7);
    const special = (status: string): number =>
      share(cohort.filter((r) => r.sen_status === status), (r) => r.setting === 'special');
    expect(special('EHCP')).toBeGreaterThan(5 * special('SEN support'));
    const early = (status: string, stage: string): number =>
      share(cohort.filter((r) => r.sen_status === status), (r) => r.service_stage === stage);
    expect(early('SEN support', 'identifying')).toBeGreaterThan(3 * early('EHCP', 'identifying'));
  });

  it('has about 2% in AP, a plausible EHCP share, and ASD the largest EHCP need', () => {
    const ap = share(cohort, (r) => r.setting === 'ap');
    expect(ap).toBeGreaterThanOrEqual(0.01);
    expect(ap).toBeLessThanOrEqual(0.03);

    const ehcp = share(cohort, (r) => r.sen_status === 'EHCP');
    expect(ehcp).toBeGreaterThan(0.25);
    expect(ehcp).toBeLessThan(0.36);

    const ehcpNeeds = [...tally(cohort.filter((r) => r.sen_status === 'EHCP'), (r) => r.primary_need!)]
      .sort((a, b) => b[1] - a[1]);
    expect(ehcpNeeds[0]![0]).toBe('ASD');
    expect(ehcpNeeds.slice(0, 3).map(([code]) => code).sort()).toEqual(['ASD', 'SEMH', 'SLCN']);
    const asdShare = ehcpNeeds[0]![1] / cohort.filter((r) => r.sen_status === 'EHCP').length;
    expect(asdShare).toBeGreaterThan(0.27);
    expect(asdShare).toBeLessThan(0.36);

    const support = cohort.filter((r) => r.sen_status === 'SEN support');
    const supportNeeds = tally(support, (r) => r.primary_need!);
    expect([...supportNeeds].sort((a, b) => b[1] - a[1])[0]![0]).toBe('SLCN');
    expect(supportNeeds.get('ASD')!).toBeLessThan(supportNeeds.get('SPLD')!);
    expect(supportNeeds.get('NSA') ?? 0).toBeGreaterThan(0);
    expect(cohort.some((r) => r.sen_status === 'EHCP' && r.primary_need === 'NSA')).toBe(false);

    const bands = tally(cohort, (r) => ageBand(Number(r.age)));
    expect(((bands.get('Age 5 to 10') ?? 0) + (bands.get('Age 11 to 15') ?? 0)) / cohort.length).toBeGreaterThan(0.7);
    for (const band of AGE_BANDS) expect(bands.get(band) ?? 0).toBeGreaterThan(0);

    expect(share(cohort, (r) => r.secondary_need === '')).toBeGreaterThan(0.6);
    expect(share(cohort, (r) => r.social_care === 'none')).toBeGreaterThan(0.6);
  });

  it('follows the apRate option', () => {
    const high = rows({ rows: 20_000, seed: 'proportions', apRate: 0.05 });
    const rate = share(high, (r) => r.setting === 'ap');
    expect(rate).toBeGreaterThan(0.04);
    expect(rate).toBeLessThan(0.06);
    expect(rows({ rows: 5000, seed: 'none', apRate: 0 }).some((r) => r.setting === 'ap')).toBe(false);
  });
});

describe('areas', () => {
  const list = rows({ rows: 30_000, seed: 'areas', areas: 150 });

  it('gives the requested number of distinct three-digit la_codes, each area in one block', () => {
    const codes = list.map((r) => r.la_code!);
    const distinct = [...new Set(codes)];
    expect(distinct).toHaveLength(150);
    expect(distinct[0]).toBe('201');
    for (const code of distinct) expect(code).toMatch(/^\d{3}$/);
    const blocks = codes.filter((c, i) => i === 0 || c !== codes[i - 1]).length;
    expect(blocks).toBe(150);
  });

  it('spreads rows over areas of varied sizes: a few big, many small', () => {
    const sizes = [...tally(list, (r) => r.la_code!).values()].sort((a, b) => a - b);
    const median = sizes[Math.floor(sizes.length / 2)]!;
    const mean = list.length / sizes.length;
    expect(sizes.at(-1)! / median).toBeGreaterThan(3);
    expect(median).toBeLessThan(mean);
    expect(sizes.filter((s) => s > 2 * mean).length).toBeLessThan(sizes.length / 5);
  });

  it('keeps every area at least one row', () => {
    expect(new Set(rows({ rows: 40, seed: 'tiny', areas: 40 }).map((r) => r.la_code)).size).toBe(40);
  });
});

describe('writeCohort and the script', () => {
  it('writes byte-identical files for the same seed and options', async () => {
    const a = join(scratch, 'a.csv');
    const b = join(scratch, 'b.csv');
    const c = join(scratch, 'c.csv');
    const options = { rows: 1500, seed: 'bytes', areas: 4 };
    await writeCohort(a, options);
    await writeCohort(b, options);
    await writeCohort(c, { ...options, seed: 'bytes2' });
    expect(readFileSync(b)).toEqual(readFileSync(a));
    expect(readFileSync(c).equals(readFileSync(a))).toBe(false);
    const text = readFileSync(a, 'utf8');
    expect(text.endsWith('\n')).toBe(true);
    expect(text.split('\n')).toHaveLength(1500 + 2);
    const parsed = parse(text, { columns: true }) as Row[];
    expect(parsed).toEqual(rows(options));
  });

  it('runs as a script: --out, standard output, --help, and one-line errors with exit 2', async () => {
    const run = (...args: string[]) =>
      spawnSync(process.execPath, ['--import', 'tsx', SCRIPT, ...args], { cwd: ROOT, encoding: 'utf8' });
    const out = join(scratch, 'cli.csv');
    const written = run('--rows', '1_000', '--seed', 'cli', '--areas', '3', '--out', out);
    expect(written.status).toBe(0);
    const lib = join(scratch, 'lib.csv');
    await writeCohort(lib, { rows: 1000, seed: 'cli', areas: 3 });
    expect(readFileSync(out)).toEqual(readFileSync(lib));

    const piped = run('--rows', '1000', '--seed', 'cli', '--areas', '3');
    expect(piped.status).toBe(0);
    expect(piped.stdout).toBe(readFileSync(lib, 'utf8'));

    const help = run('--help');
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/--rows/);

    for (const args of [
      ['--seed', 'x'],
      ['--rows', '10'],
      ['--rows', 'ten', '--seed', 'x'],
      ['--rows', '10', '--seed', 'x', '--areas', '20'],
      ['--rows', '10', '--seed', 'x', '--bogus'],
      ['--rows', '10', '--seed', 'x', '--ap-rate', 'lots'],
    ]) {
      const failed = run(...args);
      expect(failed.status, args.join(' ')).toBe(2);
      expect(failed.stdout).toBe('');
      expect(failed.stderr.trimEnd().split('\n'), args.join(' ')).toHaveLength(1);
    }
  });
});

describe('samples/cohort.csv', () => {
  const text = readFileSync(SAMPLE_FILE, 'utf8');
  const sample = parse(text, { columns: true }) as Row[];

  it('is exactly what the generator makes for its documented seed', async () => {
    expect(SAMPLE_OPTIONS).toEqual({ rows: 2000, seed: 'tracking-sampler-sample' });
    const fresh = join(scratch, 'sample.csv');
    await writeCohort(fresh, SAMPLE_OPTIONS);
    expect(readFileSync(SAMPLE_FILE).equals(readFileSync(fresh))).toBe(true);
    expect(sample).toHaveLength(2000);
  });

  it('covers every need area in every age band, every stage, and holds a handful of AP cases', () => {
    for (const area of NEED_AREAS) {
      for (const band of AGE_BANDS) {
        expect(sample.some((r) => areaOf(r) === area && ageBand(Number(r.age)) === band), `${area} ${band}`).toBe(true);
      }
    }
    for (const stage of SERVICE_STAGES) expect(sample.some((r) => r.service_stage === stage)).toBe(true);
    const ap = sample.filter((r) => r.setting === 'ap');
    expect(ap.length).toBeGreaterThanOrEqual(5);
    expect(ap.some((r) => r.sen_status === 'SEN support')).toBe(true);
    expect(ap.some((r) => r.sen_status === 'EHCP')).toBe(true);
  });

  it('admits a sample that meets the handbook rules', () => {
    const picks = handbookSample(sample);
    expect(picks, 'no handbook sample found').not.toBeNull();
    const chosen = picks!;
    expect(chosen).toHaveLength(6);
    expect(new Set(chosen.map((r) => r.case_id)).size).toBe(6);
    for (const area of NEED_AREAS) expect(chosen.some((r) => areaOf(r) === area)).toBe(true);
    expect(chosen.filter((r) => r.setting === 'ap').length).toBeGreaterThanOrEqual(1);
    expect(chosen.filter((r) => r.sen_status === 'SEN support').length).toBeGreaterThanOrEqual(2);
    const bands = tally(chosen, (r) => ageBand(Number(r.age)));
    expect(bands.size).toBeGreaterThanOrEqual(3);
    expect(Math.max(...bands.values())).toBeLessThanOrEqual(2);
    const stages = tally(chosen, (r) => r.service_stage!);
    expect(stages.size).toBeGreaterThanOrEqual(3);
    expect(Math.max(...stages.values())).toBeLessThanOrEqual(2);
  });
});

/**
 * A depth-first search for 6 rows meeting the handbook rules (README.md, "The rules"), over the
 * distinct combinations of the properties the rules look at. Independent of src/solver on
 * purpose: this checks the sample file, not the sampler.
 */
function handbookSample(cohort: Row[]): Row[] | null {
  const SIZE = 6;
  interface Kind { area: NeedArea | null; ap: boolean; support: boolean; band: string; stage: string; rows: Row[] }
  const kinds = new Map<string, Kind>();
  for (const r of cohort) {
    const kind = {
      area: areaOf(r),
      ap: r.setting === 'ap',
      support: r.sen_status === 'SEN support',
      band: ageBand(Number(r.age)),
      stage: r.service_stage!,
    };
    const key = JSON.stringify(kind);
    const existing = kinds.get(key);
    if (existing) existing.rows.push(r);
    else kinds.set(key, { ...kind, rows: [r] });
  }
  const list = [...kinds.values()];
  const chosen: Kind[] = [];
  const uses = (k: Kind): number => chosen.filter((c) => c === k).length;
  const count = <T>(values: T[]): Map<T, number> => {
    const m = new Map<T, number>();
    for (const v of values) m.set(v, (m.get(v) ?? 0) + 1);
    return m;
  };
  const search = (from: number): boolean => {
    const left = SIZE - chosen.length;
    const areas = new Set(chosen.map((c) => c.area).filter((a) => a !== null));
    const ap = chosen.some((c) => c.ap);
    const support = chosen.filter((c) => c.support).length;
    const bands = count(chosen.map((c) => c.band));
    const stages = count(chosen.map((c) => c.stage));
    if (Math.max(0, ...bands.values()) > 2 || Math.max(0, ...stages.values()) > 2) return false;
    if (NEED_AREAS.length - areas.size > left || (!ap && left === 0) || 2 - support > left) return false;
    if (Math.max(0, 3 - bands.size) > left || Math.max(0, 3 - stages.size) > left) return false;
    if (left === 0) return true;
    for (let i = from; i < list.length; i++) {
      const kind = list[i]!;
      if (uses(kind) >= kind.rows.length) continue;
      chosen.push(kind);
      if (search(i)) return true;
      chosen.pop();
    }
    return false;
  };
  if (!search(0)) return null;
  const taken = new Map<Kind, number>();
  return chosen.map((k) => {
    const n = taken.get(k) ?? 0;
    taken.set(k, n + 1);
    return k.rows[n]!;
  });
}
