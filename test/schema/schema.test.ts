/**
 * Every JSON document the tool writes against its documented schema in docs/schema/: the real
 * output of the built command (feasible or not, with --by, with pins, refused), the audit
 * record, the review session and the rules file. The committed schemas must be the ones the
 * zod schemas generate (`npm run schemas`), and every committed example must still fit.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEnv } from '../../cli/review/env.js';
import { toSession } from '../../cli/review/session.js';
import { initialState, reviewReducer } from '../../cli/review/state.js';
import { HANDBOOK_RULES } from '../../src/rules/defaults.js';
import { DOCUMENTS, exampleFile, schemaFile, schemaText, type DocumentName } from '../../scripts/schemas.js';
import { cli, ensureBuilt, removeTempDirs, ROOT, tempDir, write } from '../cli/run.js';
import { cohortCsv } from '../cli/fixtures.js';
import { smallCohort } from '../review/fixtures.js';

const NAMES = Object.keys(DOCUMENTS) as DocumentName[];
const ajv = new Ajv2020({ allErrors: true, strict: true });
const validators = new Map<DocumentName, ValidateFunction>();

function validate(name: DocumentName, document: unknown): void {
  let check = validators.get(name);
  if (check === undefined) validators.set(name, (check = ajv.compile(JSON.parse(readFileSync(schemaFile(name), 'utf8')) as object)));
  if (!check(document)) throw new Error(`${name}: ${ajv.errorsText(check.errors, { separator: '\n' })}`);
}

let dir = '';
beforeAll(() => {
  ensureBuilt();
  dir = tempDir();
  write(dir, 'cohort.csv', cohortCsv());
  write(dir, 'no-ap.csv', cohortCsv({ ap: false }));
  write(dir, 'invalid.csv', `${cohortCsv().trimEnd()}\nC999,31,EHCP,ASD,,special,new_plan,none,,North,E01\n`);
});
afterAll(removeTempDirs);

/** Runs the command, expecting one of the exit codes, and returns its stdout as JSON. */
function json(args: string[], codes: number[] = [0]): unknown {
  const run = cli(args, { cwd: dir });
  expect(codes, run.stderr).toContain(run.code);
  return JSON.parse(run.stdout);
}

describe('docs/schema', () => {
  it.each(NAMES)('holds the %s schema as the zod schemas generate it (npm run schemas)', (name) => {
    expect(readFileSync(schemaFile(name), 'utf8')).toBe(schemaText(name));
  });

  it.each(NAMES)('has a %s example that fits its schema', (name) => {
    validate(name, JSON.parse(readFileSync(exampleFile(name), 'utf8')));
  });

  it('rejects a document with a field the schema does not know, or without one it requires', () => {
    const example = JSON.parse(readFileSync(exampleFile('draw'), 'utf8')) as Record<string, unknown>;
    expect(() => validate('draw', { ...example, surprise: 1 })).toThrow(/must NOT have additional properties/);
    const { rule_results: _gone, ...without } = example;
    expect(() => validate('draw', without)).toThrow(/must have required property 'rule_results'/);
    expect(() => validate('draw', { ...example, format_version: 2 })).toThrow(/format_version/);
  });
});

describe('every command\'s --json fits its documented schema', () => {
  it('draw: a sample, a sample with pins, and no sample', () => {
    validate('draw', json(['draw', 'cohort.csv', '--seed', 's', '--json']));
    validate('draw', json(['draw', 'cohort.csv', '--seed', 's', '--pin', 'C001', '--exclude', 'C002', '--reserves', '0', '--json']));
    const none = json(['draw', 'no-ap.csv', '--seed', 's', '--json'], [1]) as { explanation: unknown };
    expect(none.explanation).not.toBeNull();
    validate('draw', none);
  });

  it('check: plain, --by, and refused for invalid rows', () => {
    validate('check', json(['check', 'cohort.csv', '--json']));
    validate('check', json(['check', 'no-ap.csv', '--json'], [1]));
    const by = json(['check', 'cohort.csv', '--by', 'la_code', '--json']) as { groups: unknown[] };
    expect(by.groups.length).toBe(2);
    validate('check', by);
    const refused = json(['check', 'invalid.csv', '--json'], [2]) as { refused: boolean };
    expect(refused.refused).toBe(true);
    validate('check', refused);
    validate('check', json(['check', 'invalid.csv', '--skip-invalid', '--json']));
  });

  it('odds: with pins and exclusions, and with no sample', () => {
    validate('odds', json(['odds', 'cohort.csv', '--pin', 'C001', '--exclude', 'C002', '--json']));
    validate('odds', json(['odds', 'no-ap.csv', '--json'], [1]));
  });

  it('rules: --json prints exactly what rules prints, a rules file', () => {
    const plain = cli(['rules'], { cwd: dir });
    const withJson = cli(['rules', '--json', '--size', '5'], { cwd: dir });
    expect(cli(['rules', '--json'], { cwd: dir }).stdout).toBe(plain.stdout);
    expect(withJson.code).toBe(0);
    validate('rules', JSON.parse(plain.stdout));
    validate('rules', JSON.parse(withJson.stdout));
    validate('rules', JSON.parse(readFileSync(join(ROOT, 'samples/rules.json'), 'utf8')));
  });

  it('the audit record written by draw --out', () => {
    const run = cli(['draw', 'cohort.csv', '--seed', 's', '--pin', 'C001', '--out', 'sample.csv'], { cwd: dir });
    expect(run.code, run.stderr).toBe(0);
    validate('audit', JSON.parse(readFileSync(join(dir, 'sample.audit.json'), 'utf8')));
  });

  it('the review session, after a pin and a drop', () => {
    const at = '2026-01-01T09:00:00.000Z';
    let state = initialState(createEnv({ cases: smallCohort(), rules: HANDBOOK_RULES, seed: 's', reserves: 3, pins: ['C001'] }), at);
    state = reviewReducer(state, { type: 'pin', at });
    state = reviewReducer(state, { type: 'drop', at, reason: 'family declined' });
    const session = JSON.parse(JSON.stringify(toSession(state, { file: 'cohort.csv', sha256: 'a'.repeat(64), rows: 60 }, at))) as { events: { action: string }[] };
    expect(session.events.map((e) => e.action)).toContain('drop');
    validate('session', session);
  });
});

describe('one vocabulary', () => {
  it('every key is snake_case except inside the rules file, and format_version comes first', () => {
    const documents: [DocumentName, unknown][] = [
      ['draw', json(['draw', 'cohort.csv', '--seed', 's', '--json'])],
      ['check', json(['check', 'cohort.csv', '--by', 'la_code', '--json'])],
      ['odds', json(['odds', 'cohort.csv', '--json'])],
      ['audit', JSON.parse(readFileSync(exampleFile('audit'), 'utf8'))],
      ['session', JSON.parse(readFileSync(exampleFile('session'), 'utf8'))],
    ];
    for (const [name, document] of documents) {
      expect(Object.keys(document as object)[0], name).toBe(name === 'session' ? 'format' : 'format_version');
      expect((document as { format_version: number }).format_version).toBe(1);
      expect(camelKeys(document), name).toEqual([]);
    }
  });
});

/** Keys with a capital letter, outside the rules files (`rules_file`, `rules_file_in_force`) and outside maps keyed by data (values, codes, rule ids). */
function camelKeys(value: unknown, path = ''): string[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => camelKeys(v, `${path}[${i}]`));
  if (typeof value !== 'object' || value === null) return [];
  const found: string[] = [];
  for (const [key, v] of Object.entries(value)) {
    if (key === 'rules_file' || key === 'rules_file_in_force' || DATA_KEYED.has(key)) continue;
    if (/[A-Z]/.test(key)) found.push(`${path}.${key}`);
    found.push(...camelKeys(v, `${path}.${key}`));
  }
  return found;
}

/** Objects whose keys are values from the data (codes, bands, rule ids, extra column names). */
const DATA_KEYED = new Set(['need_area', 'primary_need', 'sen_status', 'age_band', 'service_stage', 'setting', 'social_care', 'need_area_by_age_band', 'by_value', 'view', 'extra']);
