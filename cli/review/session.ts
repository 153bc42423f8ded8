/**
 * The review session on disk, so that a crash or a closed terminal loses nothing: saved after
 * every change, atomically (a reader sees the old file or the new one, never half of one), and
 * brought back by `review --resume`. It holds case_ids only; the cases come from the cohort file,
 * which must be the same file (by its sha256) with the same rules.
 */
import { isDeepStrictEqual } from 'node:util';
import * as z from 'zod';
import { readJsonFile } from '../../src/json-file.js';
import { formatIssues } from '../../src/rules/load.js';
import { RulesSchema, type Rules } from '../../src/rules/schema.js';
import { SELECTIONS } from '../../src/solver/selection.js';
import type { AuditEvent } from '../../src/report/output.js';
import { writeFilesAtomically } from '../../src/report/atomic.js';
import { caseById, type ReviewEnv } from './env.js';
import type { Dropped, ReviewState, Snapshot, Step } from './types.js';

const FORMAT = 'tracking-sampler review session';
const VERSION = 1;

const caseIds = z.array(z.string());

const DroppedSchema = z.object({ case_id: z.string(), reason: z.string().nullable() }) satisfies z.ZodType<Dropped>;

const SnapshotSchema = z.object({
  picks: caseIds,
  kept: caseIds,
  dropped: z.array(DroppedSchema),
  reserves: caseIds,
});
type SnapshotJson = z.infer<typeof SnapshotSchema>;

const StepSchema = z.object({ snapshot: SnapshotSchema, label: z.string() });

const AuditEventSchema = z.object({
  at: z.string(),
  action: z.enum(['draw', 'swap', 'keep', 'unkeep', 'drop', 'redraw', 'undo', 'redo']),
  case_id: z.string().optional(),
  with: z.string().optional(),
  reason: z.string().optional(),
  seed: z.string().optional(),
  detail: z.string(),
}) satisfies z.ZodType<AuditEvent>;

const SessionSchema = z.object({
  format: z.literal(FORMAT),
  version: z.literal(VERSION),
  savedAt: z.string(),
  cohort: z.object({ file: z.string(), sha256: z.string(), rows: z.number().int().min(0) }),
  rules: RulesSchema,
  seed: z.string(),
  /** How the first draw chose (absent in sessions saved before fair selection: uniform). */
  selection: z.enum(SELECTIONS).optional(),
  pins: caseIds,
  excludes: caseIds,
  reserves: z.number().int().min(0),
  status: z.enum(['ready', 'infeasible']) satisfies z.ZodType<ReviewState['status']>,
  explanation: z.string().nullable(),
  /** Valid samples of the first draw, as a decimal string (a bigint does not fit a JSON number). */
  firstCount: z.string().regex(/^\d+$/, 'must be a whole number written in digits'),
  nonce: z.number().int(),
  written: z.string().nullable(),
  selected: z.number().int(),
  sample: SnapshotSchema,
  past: z.array(StepSchema),
  future: z.array(StepSchema),
  events: z.array(AuditEventSchema),
});

export type SessionJson = z.infer<typeof SessionSchema>;

/** A session file that cannot be brought back; the message says why, on one line. */
export class SessionError extends Error {
  override name = 'SessionError';
}

function snapshotJson(s: Snapshot): SnapshotJson {
  return {
    picks: s.picks.map((c) => c.case_id),
    kept: [...s.kept],
    dropped: s.dropped.map((d) => ({ ...d })),
    reserves: s.reserves.map((c) => c.case_id),
  };
}

function stepJson(s: Step): { snapshot: SnapshotJson; label: string } {
  return { snapshot: snapshotJson(s.snapshot), label: s.label };
}

export function toSession(state: ReviewState, cohort: SessionJson['cohort'], savedAt: string): SessionJson {
  const { env } = state;
  return {
    format: FORMAT,
    version: VERSION,
    savedAt,
    cohort,
    rules: env.rules,
    seed: env.seed,
    selection: env.selection,
    pins: [...env.pins],
    excludes: [...env.excludes],
    reserves: env.reserveCount,
    status: state.status,
    explanation: state.explanation,
    firstCount: state.firstCount.toString(),
    nonce: state.nonce,
    written: state.written,
    selected: state.selected,
    sample: snapshotJson(state.sample),
    past: state.past.map(stepJson),
    future: state.future.map(stepJson),
    events: state.events,
  };
}

/** Field problems listed in a refusal; the rest are counted, to keep it to one line. */
const PROBLEMS_LISTED = 3;

/** Reads and checks the shape of a session file (not yet against a cohort). */
export async function readSession(path: string): Promise<SessionJson> {
  const file = await readJsonFile(path);
  if (!file.ok) {
    if (file.kind === 'missing') throw new SessionError(`no review session at ${path} to resume; start one without --resume`);
    if (file.kind === 'not-json') throw new SessionError(`${path} is not a review session (not valid JSON)`);
    throw new SessionError(`the review session ${path} ${file.reason}`);
  }
  const result = SessionSchema.safeParse(file.json);
  if (result.success) return result.data;
  const refusal = `${path} is not a review session this version can resume`;
  // Another file, or another version's session: its fields would only say the same thing at length.
  if (result.error.issues.some((i) => i.path.length === 0 || i.path[0] === 'format' || i.path[0] === 'version')) {
    throw new SessionError(refusal);
  }
  const problems = formatIssues(result.error);
  const more = problems.length > PROBLEMS_LISTED ? `; and ${problems.length - PROBLEMS_LISTED} more` : '';
  throw new SessionError(`${refusal}: ${problems.slice(0, PROBLEMS_LISTED).join('; ')}${more}`);
}

/**
 * Refuses a session made from another cohort file or other rules: its case_ids and every
 * decision in it would mean something else.
 */
export function checkSession(session: SessionJson, path: string, cohort: { sha256: string }, rules: Rules): void {
  if (session.cohort.sha256 !== cohort.sha256) {
    throw new SessionError(
      `the session in ${path} was made with a different cohort file (${session.cohort.file}); resume it with that file, or start afresh without --resume`,
    );
  }
  // Compared as written to JSON, whatever the key order: a session read back has its rules in
  // the schema's order, the rules in force in the order they were built.
  if (!isDeepStrictEqual(JSON.parse(JSON.stringify(session.rules)), JSON.parse(JSON.stringify(rules)))) {
    throw new SessionError(`the session in ${path} was made with different rules; resume it with the same --rules and --size, or start afresh without --resume`);
  }
}

/** The state a session file describes, with its cases taken from the env's cohort. */
export function fromSession(session: SessionJson, env: ReviewEnv): ReviewState {
  const snapshot = (s: SnapshotJson): Snapshot => ({
    picks: s.picks.map((id) => caseById(env, id)),
    kept: [...s.kept],
    dropped: s.dropped.map((d) => ({ case_id: d.case_id, reason: d.reason ?? null })),
    reserves: s.reserves.map((id) => caseById(env, id)),
  });
  let sample: Snapshot;
  try {
    sample = snapshot(session.sample);
  } catch (error) {
    throw new SessionError(`the session does not match the cohort: ${(error as Error).message}`);
  }
  return {
    env,
    status: session.status,
    explanation: session.explanation,
    sample,
    past: session.past.map((s) => ({ snapshot: snapshot(s.snapshot), label: s.label })),
    future: session.future.map((s) => ({ snapshot: snapshot(s.snapshot), label: s.label })),
    events: session.events,
    nonce: session.nonce,
    firstCount: BigInt(session.firstCount),
    written: session.written,
    mode: 'table',
    selected: Math.max(0, Math.min(session.selected, sample.picks.length - 1)),
    swap: null,
    reason: '',
    notice: { text: `Ready: session resumed (${session.events.length} events). Press ? for help.`, tone: 'info' },
    request: null,
    exit: null,
  };
}

/**
 * Saves the latest session in the background, one write at a time: a save asked for while one
 * is running replaces any waiting one, so the file always ends as the last state.
 */
export class SessionSaver {
  private waiting: string | null = null;
  private running: Promise<void> | null = null;
  private readonly listeners = new Set<(message: string) => void>();
  /** The last failure, if the last save failed. */
  lastError: string | null = null;

  constructor(
    readonly path: string,
    /** The files the review read: the session never replaces one of them. */
    private readonly inputs: readonly string[] = [],
  ) {}

  /** Hears about failed saves (the screen shows them); returns the unsubscribe. */
  onError(listener: (message: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  save(session: SessionJson): void {
    this.waiting = `${JSON.stringify(session, null, 1)}\n`;
    this.running ??= this.drain();
  }

  /** Resolves once everything asked for is on disk (or has failed and been reported). */
  async flush(): Promise<void> {
    while (this.running) await this.running;
  }

  private async drain(): Promise<void> {
    try {
      while (this.waiting !== null) {
        const data = this.waiting;
        this.waiting = null;
        try {
          await writeFilesAtomically([{ path: this.path, data }], { inputs: this.inputs });
          this.lastError = null;
        } catch (error) {
          this.lastError = `session not saved: ${(error as Error).message}`;
          for (const listener of this.listeners) listener(this.lastError);
        }
      }
    } finally {
      this.running = null;
    }
  }
}
