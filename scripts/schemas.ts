/**
 * Writes docs/schema/: one JSON Schema (2020-12) per document the tool writes, made from the zod
 * schemas the code itself is typed by, and an example of each made by the built command on the
 * shipped samples. `npm run schemas` after changing a shape; a test fails while the committed
 * schemas differ from these.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as z from 'zod';
import { AuditJsonSchema, CheckJsonSchema, DrawJsonSchema, OddsJsonSchema } from '../src/report/schema.js';
import { RulesSchema } from '../src/rules/schema.js';
import { SessionSchema, toSession } from '../cli/review/session.js';
import { createEnv } from '../cli/review/env.js';
import { initialState, reviewReducer } from '../cli/review/state.js';
import { loadCohort } from '../src/cohort/read.js';
import { HANDBOOK_RULES } from '../src/rules/defaults.js';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const SCHEMA_DIR = join(ROOT, 'docs/schema');

/**
 * Each document, and whether its schema describes what people write (the rules file, whose
 * defaulted fields may be left out) or what the tool writes (every field present).
 */
export const DOCUMENTS = {
  draw: { schema: DrawJsonSchema, io: 'output', title: 'tracking-sampler draw --json' },
  check: { schema: CheckJsonSchema, io: 'output', title: 'tracking-sampler check --json' },
  odds: { schema: OddsJsonSchema, io: 'output', title: 'tracking-sampler odds --json' },
  rules: { schema: RulesSchema, io: 'input', title: 'A rules file (tracking-sampler rules, --rules F)' },
  audit: { schema: AuditJsonSchema, io: 'output', title: 'The audit record (draw --out F.csv writes F.audit.json)' },
  session: { schema: SessionSchema, io: 'output', title: 'The review session file (review --session F)' },
} as const;
export type DocumentName = keyof typeof DOCUMENTS;

export function schemaFile(name: DocumentName): string {
  return join(SCHEMA_DIR, `${name}.schema.json`);
}

export function exampleFile(name: DocumentName): string {
  return join(SCHEMA_DIR, 'examples', `${name}.json`);
}

/** The JSON Schema text for one document, as committed. */
export function schemaText(name: DocumentName): string {
  const { schema, io, title } = DOCUMENTS[name];
  const json = z.toJSONSchema(schema, { target: 'draft-2020-12', io });
  return `${JSON.stringify({ ...json, $id: `${name}.schema.json`, title }, null, 2)}\n`;
}

const BIN = join(ROOT, 'dist/cli/main.js');
const COHORT = join(ROOT, 'samples/cohort.csv');

function cli(args: string[], cwd: string): string {
  // Exit 1 (no valid sample) is a normal outcome for an example.
  try {
    return execFileSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    const e = error as { status?: number; stdout?: string };
    if (e.status === 1 && e.stdout) return e.stdout;
    throw error;
  }
}

/** Examples made by the built command, in a scratch folder so that the paths in them are short. */
async function writeExamples(): Promise<void> {
  const scratch = mkdtempSync(join(tmpdir(), 'schema-examples-'));
  try {
    for (const f of ['cohort.csv']) writeFileSync(join(scratch, f), readFileSync(COHORT));
    writeFileSync(join(scratch, 'local-export.csv'), readFileSync(join(ROOT, 'samples/examples/local-export.csv')));
    writeFileSync(join(scratch, 'local-export.map.json'), readFileSync(join(ROOT, 'samples/examples/local-export.map.json')));
    const examples: Record<DocumentName, string> = {
      draw: cli(['draw', 'cohort.csv', '--seed', 'example', '--pin', 'C9767371', '--reserves', '2', '--json'], scratch),
      check: cli(['check', 'cohort.csv', '--json'], scratch),
      odds: cli(['odds', 'local-export.csv', '--map', 'local-export.map.json', '--json'], scratch),
      rules: cli(['rules'], scratch),
      audit: (cli(['draw', 'cohort.csv', '--seed', 'example', '--reserves', '2', '--out', 'sample.csv'], scratch), readFileSync(join(scratch, 'sample.audit.json'), 'utf8')),
      session: await sessionExample(),
    };
    mkdirSync(join(SCHEMA_DIR, 'examples'), { recursive: true });
    for (const [name, text] of Object.entries(examples)) writeFileSync(exampleFile(name as DocumentName), text);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** A session needs a terminal to make; this one is the review state after a pin and a drop. */
async function sessionExample(): Promise<string> {
  const { cases, summary } = await loadCohort(COHORT);
  const at = '2026-01-01T09:00:00.000Z';
  let state = initialState(createEnv({ cases, rules: HANDBOOK_RULES, seed: 'example', reserves: 2 }), at);
  state = reviewReducer(state, { type: 'pin', at });
  state = reviewReducer(state, { type: 'move', by: 1 });
  state = reviewReducer(state, { type: 'drop', at, reason: 'family declined' });
  return `${JSON.stringify(toSession(state, { file: 'cohort.csv', sha256: summary.sha256, rows: summary.rows }, at), null, 1)}\n`;
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  mkdirSync(SCHEMA_DIR, { recursive: true });
  for (const name of Object.keys(DOCUMENTS) as DocumentName[]) writeFileSync(schemaFile(name), schemaText(name));
  await writeExamples();
  console.log(`wrote ${Object.keys(DOCUMENTS).length} schemas and their examples to ${SCHEMA_DIR}`);
}
