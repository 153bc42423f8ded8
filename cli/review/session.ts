/**
 * The review session on disk, so that a crash or a closed terminal loses nothing: saved after
 * every change, atomically (a reader sees the old file or the new one, never half of one), and
 * brought back by `review --resume`. It holds case_ids only; the cases come from the cohort file,
 * which must be the same file (by its sha256) with the same rules. Its keys follow the JSON
 * vocabulary of src/report/schema.ts (snake_case, `format_version`, `pinned`, `rules_file`).
 */
import { constants } from 'node:fs';
import { copyFile, link, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import * as z from 'zod';
import { readJsonFile } from '../../src/json-file.js';
import { formatIssues } from '../../src/rules/load.js';
import { RulesSchema, type Rules } from '../../src/rules/schema.js';
import { SELECTIONS } from '../../src/solver/selection.js';
import { AuditEventSchema, FORMAT_VERSION } from '../../src/report/schema.js';
import { writeFilesAtomically } from '../../src/report/atomic.js';
import { caseById, type ReviewEnv } from './env.js';
import type { Dropped, ReviewState, Snapshot, Step } from './types.js';

const FORMAT = 'tracking-sampler review session';

const caseIds = z.array(z.string());

const DroppedSchema = z.object({ case_id: z.string(), reason: z.string().nullable() }) satisfies z.ZodType<Dropped>;

const SnapshotSchema = z.object({
  picks: caseIds,
  /** Picks that redraws leave in place: the command line's pins and those pinned with p. */
  pinned: caseIds,
  dropped: z.array(DroppedSchema),
  reserves: caseIds,
});
type SnapshotJson = z.infer<typeof SnapshotSchema>;

const StepSchema = z.object({ snapshot: SnapshotSchema, label: z.string() });

export const SessionSchema = z.object({
  format: z.literal(FORMAT),
  format_version: z.literal(FORMAT_VERSION),
  saved_at: z.string(),
  cohort: z.object({ file: z.string(), sha256: z.string(), rows: z.number().int().min(0) }),
  rules_file: RulesSchema,
  seed: z.string(),
  /**
   * The command line's --pin, --exclude, --reserves and --selection: the first draw's options
   * (selection is absent in sessions saved before fair selection: uniform).
   */
  options: z.object({
    pinned: caseIds,
    excluded: caseIds,
    reserves: z.number().int().min(0),
    selection: z.enum(SELECTIONS).optional(),
  }),
  status: z.enum(['ready', 'infeasible']) satisfies z.ZodType<ReviewState['status']>,
  explanation: z.string().nullable(),
  /** Valid samples of the first draw, as a decimal string (a bigint does not fit a JSON number). */
  first_valid_samples: z.string().regex(/^\d+$/, 'must be a whole number written in digits'),
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
    pinned: [...s.pinned],
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
    format_version: FORMAT_VERSION,
    saved_at: savedAt,
    cohort,
    rules_file: env.rules,
    seed: env.seed,
    options: {
      pinned: [...env.pins],
      excluded: [...env.excludes],
      reserves: env.reserveCount,
      selection: env.selection,
    },
    status: state.status,
    explanation: state.explanation,
    first_valid_samples: state.firstCount.toString(),
    nonce: state.nonce,
    written: state.written,
    selected: state.selected,
    sample: snapshotJson(state.sample),
    past: state.past.map(stepJson),
    future: state.future.map(stepJson),
    events: state.events,
  };
}

/**
 * A session saved by tracking-sampler 0.1.0, before the JSON vocabulary settled, holds the same
 * things under the old names (`version`, camelCase keys, `kept`, keep/unkeep events): renamed
 * here so that a review in progress across the upgrade can still be resumed. Anything else is
 * passed on untouched, for the schema to judge.
 */
export function fromFirstNames(json: unknown): unknown {
  if (!isRecord(json) || json.format !== FORMAT || json.version !== 1 || 'format_version' in json) return json;
  const { version: _version, savedAt, rules, pins, excludes, reserves, firstCount, sample, past, future, events, ...rest } = json;
  const snapshot = (s: unknown) => {
    if (!isRecord(s)) return s;
    const { kept, ...others } = s;
    return { ...others, pinned: kept };
  };
  const steps = (list: unknown) => (Array.isArray(list) ? list.map((step: unknown) => (isRecord(step) ? { ...step, snapshot: snapshot(step.snapshot) } : step)) : list);
  const renamed: Record<string, string> = { keep: 'pin', unkeep: 'unpin' };
  return {
    ...rest,
    format_version: FORMAT_VERSION,
    saved_at: savedAt,
    rules_file: rules,
    // 0.1.0 had only uniform selection.
    options: { pinned: pins, excluded: excludes, reserves, selection: 'uniform' },
    first_valid_samples: firstCount,
    sample: snapshot(sample),
    past: steps(past),
    future: steps(future),
    events: Array.isArray(events)
      ? events.map((e: unknown) => (isRecord(e) && typeof e.action === 'string' && e.action in renamed ? { ...e, action: renamed[e.action] } : e))
      : events,
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
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
  const result = SessionSchema.safeParse(fromFirstNames(file.json));
  if (result.success) return result.data;
  const refusal = `${path} is not a review session this version can resume`;
  // Another file, or another version's session: its fields would only say the same thing at length.
  if (result.error.issues.some((i) => i.path.length === 0 || i.path[0] === 'format' || i.path[0] === 'format_version')) {
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
  if (!isDeepStrictEqual(JSON.parse(JSON.stringify(session.rules_file)), JSON.parse(JSON.stringify(rules)))) {
    throw new SessionError(`the session in ${path} was made with different rules; resume it with the same --rules and --size, or start afresh without --resume`);
  }
}

/**
 * The state a session file describes, with its cases taken from the env's cohort. Every part is
 * checked, the undo and redo history too: a damaged or hand-edited session is refused with what
 * is wrong, never opened half-right (a sample of 30 picks "30/6") or crashed on later.
 */
export function fromSession(session: SessionJson, env: ReviewEnv): ReviewState {
  const size = env.rules.size;
  const snapshot = (s: SnapshotJson, where: string, ready: boolean): Snapshot => {
    const problem = (why: string) => new SessionError(`the session cannot be resumed: ${where} ${why}`);
    if (ready && s.picks.length !== size) throw problem(`has ${s.picks.length} picks where the sample size is ${size}`);
    if (!ready && s.picks.length !== 0) throw problem(`has picks, but the session says no sample exists`);
    const picks = new Set(s.picks);
    if (picks.size !== s.picks.length) throw problem('names the same pick twice');
    if (s.pinned.some((id) => !picks.has(id))) throw problem('pins a case that is not one of its picks');
    if (s.reserves.some((id) => picks.has(id))) throw problem('has a reserve that is also a pick');
    if (new Set(s.reserves).size !== s.reserves.length) throw problem('names the same reserve twice');
    try {
      for (const d of s.dropped) caseById(env, d.case_id);
      return {
        picks: s.picks.map((id) => caseById(env, id)),
        pinned: [...s.pinned],
        dropped: s.dropped.map((d) => ({ case_id: d.case_id, reason: d.reason ?? null })),
        reserves: s.reserves.map((id) => caseById(env, id)),
      };
    } catch (error) {
      if (error instanceof SessionError) throw error;
      throw new SessionError(`the session does not match the cohort: ${where} ${(error as Error).message}`);
    }
  };
  const ready = session.status === 'ready';
  const sample = snapshot(session.sample, 'the sample', ready);
  const past = session.past.map((s, i) => ({ snapshot: snapshot(s.snapshot, `undo step ${i + 1}`, ready), label: s.label }));
  const future = session.future.map((s, i) => ({ snapshot: snapshot(s.snapshot, `redo step ${i + 1}`, ready), label: s.label }));
  return {
    env,
    status: session.status,
    explanation: session.explanation,
    sample,
    past,
    future,
    events: session.events,
    nonce: session.nonce,
    firstCount: BigInt(session.first_valid_samples),
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

/** 2026-12-01T12:20:05.123Z → 2026-12-01T12-20-05Z: sorts by time, and is a file name everywhere. */
function fileStamp(now: Date): string {
  return now.toISOString().replace(/\.\d+Z$/, 'Z').replace(/:/g, '-');
}

/**
 * Moves a saved session aside for `review --new-session`: F.json is kept as F.<UTC time>.json
 * beside it, never over another file. Only a session this tool wrote is moved: anything else
 * (someone's folder or file given as --session by mistake) is left where it is, and refused.
 */
export async function setSessionAside(path: string, now = new Date()): Promise<string> {
  try {
    await readSession(path);
  } catch {
    throw new SessionError(`${path} is not a review session this tool wrote, so it is left as it is; give --session another file name`);
  }
  const stem = join(dirname(path), basename(path).replace(/\.json$/i, ''));
  for (let n = 1; ; n++) {
    const aside = `${stem}.${fileStamp(now)}${n === 1 ? '' : `-${n}`}.json`;
    try {
      // A link (or, where links are not allowed, an exclusive copy) never replaces a file.
      await link(path, aside).catch(async (error: NodeJS.ErrnoException) => {
        if (error.code === 'EEXIST' || error.code === 'EACCES' || error.code === 'EROFS') throw error;
        await copyFile(path, aside, constants.COPYFILE_EXCL);
      });
      await unlink(path).catch(async (error: unknown) => {
        await unlink(aside).catch(() => {});
        throw error;
      });
      return aside;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') continue;
      const why = code === 'EACCES' || code === 'EPERM' ? `permission denied in ${dirname(path)}` : code === 'EROFS' ? 'the file system is read-only' : (error as Error).message;
      throw new SessionError(`cannot keep the saved session ${path} aside (${why}); nothing was moved`);
    }
  }
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
