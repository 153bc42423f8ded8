/**
 * `review`: everything that can be refused is refused here, in one line, before Ink is loaded:
 * no terminal, a cohort on stdin, a bad file, an unknown pin. Ink and React are imported only
 * now, so the other commands (and scripts) never load them.
 */
import { lstat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Case } from '../../src/cohort/case.js';
import { SampleInputError, prepareProblem } from '../../src/solver/problem.js';
import { relax, type Relaxation } from '../../src/solver/relax.js';
import type { Rules } from '../../src/rules/schema.js';
import { lockSession } from '../review/lock.js';
import { readSession, SessionError, setSessionAside } from '../review/session.js';
import { freshSeed } from '../seed.js';
import type { Invocation } from '../args.js';
import { UsageError } from '../errors.js';
import { exclusions, inputFiles, readInputs, refuseOverwritingInputs, reportReadNotes } from '../inputs.js';
import { auditPathFor } from '../../src/report/output.js';
import type { Io } from '../terminal.js';
import { toolVersion } from '../version.js';
import type { ReviewContext } from '../review/context.js';

export const DEFAULT_REVIEW_OUT = 'sample.csv';

/** sample.csv → sample.session.json, beside the sample as its audit record is. */
export function sessionPathFor(out: string): string {
  return /\.csv$/i.test(out) ? out.replace(/\.csv$/i, '.session.json') : `${out}.session.json`;
}

export async function review(inv: Invocation, io: Io): Promise<number> {
  if (!io.stdinIsTty || !io.stdoutIsTty) {
    throw new UsageError('review needs an interactive terminal; use `tracking-sampler draw` for scripts', 'review', false);
  }
  if (inv.cohort === '-') {
    throw new UsageError("review reads keys from the terminal, so the cohort must be a file, not '-'", 'review');
  }
  const out = inv.out ?? DEFAULT_REVIEW_OUT;
  const sessionFile = inv.session ?? sessionPathFor(out);
  // The session is read (with --resume) and written, but never as the sample or its audit.
  await refuseOverwritingInputs(inv, [out, auditPathFor(out)], [...inputFiles(inv), sessionFile]);
  await refuseOverwritingInputs(inv, [sessionFile]);
  // A resumed session carries its own seed, keeps and drops: a new one given as well would be
  // silently ignored, so it is refused instead.
  const conflicting = [inv.seed !== null && '--seed', inv.pins.length > 0 && '--pin', inv.excludes.length > 0 && '--exclude', inv.excludeFile !== null && '--exclude-file', inv.selection !== 'uniform' && '--selection'].filter(Boolean);
  if (inv.resume && conflicting.length > 0) {
    throw new UsageError(`--resume carries on the saved session with its own seed, keeps and drops; drop ${conflicting.join(' and ')}`, 'review');
  }
  if (inv.resume && inv.newSession) throw new UsageError('--resume carries on the saved session and --new-session starts afresh: give one of them', 'review');
  const saved = await lstat(sessionFile).catch(() => null);
  if (saved?.isDirectory()) {
    throw new UsageError(`${sessionFile} is a folder, not a session file; give --session a file name such as ${join(sessionFile, 'sample.session.json')}`, 'review', false);
  }
  if (inv.resume && saved === null) {
    throw new UsageError(`no session to resume: ${sessionFile} does not exist; start one without --resume`, 'review');
  }
  // A fresh review over a saved session would lose it, and its changes may never have been written.
  if (!inv.resume && !inv.newSession && saved !== null) {
    throw new UsageError(
      `a review session is already saved in ${sessionFile}: carry it on with --resume, or start afresh with --new-session (the old one is then kept beside it)`,
      'review',
      false,
    );
  }
  // Held until the review ends: a second review of this session is refused meanwhile.
  const lock = lockSession(sessionFile);
  if (lock.notice !== null) io.err(`notice: ${lock.notice}`);
  try {
    return await reviewLocked(inv, io, out, sessionFile, saved !== null && inv.newSession);
  } finally {
    lock.release();
  }
}

async function reviewLocked(inv: Invocation, io: Io, out: string, sessionFile: string, setOldAside: boolean): Promise<number> {
  const { rules, rulesSource, summary, cases } = await readInputs(inv, io);
  reportReadNotes(summary, io);
  const excluded = await exclusions(inv, cases, io);
  checkIds(cases, inv.pins, excluded.excludes);
  const relaxation = inv.relax ? await relaxFor(inv.resume ? sessionFile : null, cases, rules, inv.pins, excluded.excludes) : null;

  // chalk (under Ink) ignores NO_COLOR but honours FORCE_COLOR, read when it is first imported.
  if (io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== '') io.env.FORCE_COLOR = '0';
  if (setOldAside) {
    // Only now, with the inputs read and checked: a refused run leaves the old session in place.
    const keptAs = await setSessionAside(sessionFile);
    io.err(`The session found in ${sessionFile} is kept as ${keptAs}; this review saves to ${sessionFile}.`);
  }
  const { runReview } = await import('../review/index.js');
  const ctx: ReviewContext = {
    cohortFile: inv.cohort!,
    summary,
    cases,
    // Swaps, reserves and the chips are all judged against the rules in force.
    rules: relaxation?.relaxed ? relaxation.rules : rules,
    givenRules: rules,
    relaxation,
    rulesSource,
    seed: inv.seed ?? freshSeed(),
    selection: inv.selection,
    pins: inv.pins,
    excludes: excluded.excludes,
    excludeFile: inv.excludeFile === null ? null : { path: inv.excludeFile, caseIds: excluded.fromFile },
    reserves: inv.reserves,
    out,
    sessionFile,
    resume: inv.resume,
    toolVersion: toolVersion(),
    skipInvalid: inv.skipInvalid,
    allowIdentifiers: inv.allowIdentifiers,
    mapping: inv.map,
    sheet: inv.sheet,
    headerRow: inv.headerRow,
    inputs: inputFiles(inv),
  };
  return runReview(ctx, io);
}

/**
 * --relax for the review: the easing for the first draw's pins and exclusions (a resumed
 * session's own, so that it finds the rules it was saved with).
 */
async function relaxFor(session: string | null, cases: Case[], rules: Rules, pins: string[], excludes: string[]): Promise<Relaxation> {
  if (session !== null) {
    try {
      const saved = await readSession(session);
      [pins, excludes] = [saved.options.pinned, saved.options.excluded];
    } catch (error) {
      if (error instanceof SessionError) throw new UsageError(error.message, 'review', false);
      throw error;
    }
  }
  return relax(prepareProblem({ cases, rules, pins, excludes }));
}

/** The solver's own check, made here so an unknown pin is a line on stderr, not a screen. */
function checkIds(cases: readonly Case[], pins: readonly string[], excludes: readonly string[]): void {
  const ids = new Set(cases.map((c) => c.case_id));
  for (const [flag, list] of [['--pin', pins], ['--exclude', excludes]] as const) {
    for (const id of list) if (!ids.has(id)) throw new SampleInputError(`${flag} ${id}: no case has that case_id in the cohort`);
  }
  const both = pins.filter((id) => excludes.includes(id));
  if (both.length > 0) throw new SampleInputError(`${both.join(', ')}: a case cannot be both pinned and excluded`);
}
