/**
 * The review screen's entry point. The command line has already read the cohort, checked the
 * options and made sure stdin and stdout are terminals; this draws (or resumes), renders, and
 * returns the exit code once the inspector quits.
 */
import { existsSync } from 'node:fs';
import { rename } from 'node:fs/promises';
import type { ReviewContext } from './context.js';
import { createEnv } from './env.js';
import { EXIT } from '../errors.js';
import type { Io } from '../terminal.js';
import { checkSession, fromSession, readSession, SessionSaver } from './session.js';
import { initialState } from './state.js';
import type { ReviewState } from './types.js';
import { describeEasing } from '../../src/rules/ease.js';

/** The alternate screen: the review takes the whole terminal and gives it back as it was. */
const ENTER_SCREEN = '\u001b[?1049h\u001b[H';
const LEAVE_SCREEN = '\u001b[?1049l';

async function startState(ctx: ReviewContext): Promise<ReviewState> {
  if (!ctx.resume) {
    const env = createEnv({ cases: ctx.cases, rules: ctx.rules, seed: ctx.seed, pins: ctx.pins, excludes: ctx.excludes, reserves: ctx.reserves });
    const state = initialState(env, new Date().toISOString());
    // What gave way is the first thing said, in words; the chips then mark those rules "eased".
    if (ctx.relaxation?.relaxed && state.status === 'ready') {
      return { ...state, notice: { text: `Rules eased (--relax): ${ctx.relaxation.easings.map(describeEasing).join('; ')}`, tone: 'warn' } };
    }
    return state;
  }
  const session = await readSession(ctx.sessionFile);
  checkSession(session, ctx.sessionFile, ctx.summary, ctx.rules);
  // The session's own seed and options: the command line's may differ (a fresh random seed).
  const env = createEnv({
    cases: ctx.cases,
    rules: ctx.rules,
    seed: session.seed,
    pins: session.options.pinned,
    excludes: session.options.excluded,
    reserves: session.options.reserves,
  });
  return fromSession(session, env);
}

/**
 * Runs the screen and returns its exit code; a session that cannot be resumed (a SessionError)
 * and a pin or exclusion naming no case are thrown, for cli/main.ts to report like any other.
 */
export async function runReview(ctx: ReviewContext, io: Io): Promise<number> {
  if (io.stderrIsTty) io.err(ctx.resume ? 'Resuming the review session…' : `Drawing from ${ctx.cases.length.toLocaleString('en-GB')} cases…`);
  const initial = await startState(ctx);
  let code: number = initial.status === 'ready' ? EXIT.ok : EXIT.noSample;
  let unwritten = false;
  // A fresh start would overwrite the last session, which may hold changes never written.
  const previous = `${ctx.sessionFile}.previous`;
  const keptPrevious = !ctx.resume && existsSync(ctx.sessionFile);
  if (keptPrevious) await rename(ctx.sessionFile, previous);
  const saver = new SessionSaver(ctx.sessionFile, ctx.inputs ?? [ctx.cohortFile]);
  // React's development build records every prop of every render for its profiler, which
  // costs seconds per key press once a prop holds 100,000 swap options. NODE_ENV is read when
  // React is first loaded, so React, Ink and the views are loaded only now.
  process.env.NODE_ENV ??= 'production';
  const [{ render }, { createElement }, { App }] = await Promise.all([import('ink'), import('react'), import('./App.js')]);
  // Screen control, not text: written as it is (io.out would sanitise the escape codes away).
  process.stdout.write(ENTER_SCREEN);
  try {
    const app = render(
      createElement(App, {
        initial,
        ctx,
        saver,
        onExit: (c: number, left: boolean) => {
          code = c;
          unwritten = left;
        },
      }),
      // ctrl-c goes through the keymap, so the session is flushed before the process ends.
      { exitOnCtrlC: false, patchConsole: true },
    );
    await app.waitUntilExit();
    await saver.flush();
  } finally {
    process.stdout.write(LEAVE_SCREEN);
  }
  if (keptPrevious) io.err(`The session found at the start was moved to ${previous}.`);
  if (saver.lastError) io.err(`warning: ${saver.lastError}`);
  else if (unwritten) io.err(`The sample has unwritten changes, kept in ${ctx.sessionFile}: 'review --resume' brings them back, and w writes them.`);
  else io.err(`Review session saved in ${ctx.sessionFile}; 'review --resume' brings it back.`);
  return code;
}
