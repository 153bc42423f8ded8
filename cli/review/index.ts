/**
 * The review screen's entry point. The command line has already read the cohort, checked the
 * options and made sure stdin and stdout are terminals; this draws (or resumes), renders, and
 * returns the exit code once the inspector quits.
 */
import type { ReviewContext } from './context.js';
import { countFor, createEnv, problemFor } from './env.js';
import { fairFor } from '../../src/solver/fair.js';
import { EXIT } from '../errors.js';
import type { Io } from '../terminal.js';
import { checkSession, fromSession, readSession, SessionSaver } from './session.js';
import { initialState } from './state.js';
import type { ReviewState } from './types.js';
import { describeEasing } from '../../src/rules/ease.js';
import { plural } from '../../src/words.js';

/** The alternate screen: the review takes the whole terminal and gives it back as it was. */
const ENTER_SCREEN = '\u001b[?1049h\u001b[H';
const LEAVE_SCREEN = '\u001b[?1049l';

async function startState(ctx: ReviewContext): Promise<ReviewState> {
  if (!ctx.resume) {
    const env = createEnv({ cases: ctx.cases, rules: ctx.rules, seed: ctx.seed, pins: ctx.pins, excludes: ctx.excludes, reserves: ctx.reserves, selection: ctx.selection });
    if (env.selection === 'fair') {
      const problem = problemFor(env, env.pins, env.excludes);
      const count = countFor(env, env.pins, env.excludes);
      if (count > 0n) env.fair = await fairFor(problem, count);
    }
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
    selection: session.options.selection ?? 'uniform',
  });
  return fromSession(session, env);
}

/**
 * Runs the screen and returns its exit code; a session that cannot be resumed (a SessionError)
 * and a pin or exclusion naming no case are thrown, for cli/main.ts to report like any other.
 */
export async function runReview(ctx: ReviewContext, io: Io): Promise<number> {
  if (io.stderrIsTty) io.err(ctx.resume ? 'Resuming the review session…' : `Drawing from ${plural(ctx.cases.length, 'case')}…`);
  const initial = await startState(ctx);
  let code: number = initial.status === 'ready' ? EXIT.ok : EXIT.noSample;
  let unwritten = false;
  const saver = new SessionSaver(ctx.sessionFile, ctx.inputs ?? [ctx.cohortFile]);
  // React's development build records every prop of every render for its profiler, which
  // costs seconds per key press once a prop holds 100,000 swap options. NODE_ENV is read when
  // React is first loaded, so React, Ink and the views are loaded only now.
  process.env.NODE_ENV ??= 'production';
  const [{ render }, { createElement }, { App }] = await Promise.all([import('ink'), import('react'), import('./App.js')]);
  // The terminal closed (SIGHUP, or EIO passed on by cli/main.ts): nobody is left to read a
  // message, so save the session and end at once with 129; the session lock goes at exit.
  let hangingUp = false;
  const onHangup = () => {
    if (hangingUp) return;
    hangingUp = true;
    void saver.flush().finally(() => process.exit(EXIT.hangup));
  };
  process.on('SIGHUP', onHangup);
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
    process.off('SIGHUP', onHangup);
    if (!hangingUp) process.stdout.write(LEAVE_SCREEN);
  }
  if (hangingUp) return EXIT.hangup;
  if (saver.lastError) io.err(`warning: ${saver.lastError}`);
  else if (unwritten) io.err(`The sample has unwritten changes, kept in ${ctx.sessionFile}: 'review --resume' brings them back, and w writes them.`);
  else io.err(`Review session saved in ${ctx.sessionFile}; 'review --resume' brings it back.`);
  return code;
}
