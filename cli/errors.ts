/**
 * The exit codes and the one place that turns an error into a line on stderr. Every error a
 * user can cause is one of the known kinds and exits 2 with its own message; anything else is
 * a bug, reported in one line as an internal error (exit 70, EX_SOFTWARE), never a stack trace.
 */
import { CohortError } from '../src/cohort/problems.js';
import { OutputError } from '../src/report/atomic.js';
import { RulesError } from '../src/rules/load.js';
import { SampleInputError } from '../src/solver/problem.js';
import { SessionError } from './review/session.js';

export const EXIT = {
  /** A sample was drawn, or the cohort (every group, with --by) can meet the rules. */
  ok: 0,
  /** No valid sample exists. */
  noSample: 1,
  /** The input or the command line is wrong. */
  usage: 2,
  /** A bug in the tool. */
  internal: 70,
  /** The terminal went away under `review` (128 + SIGHUP): the session is saved first. */
  hangup: 129,
  /** Stopped by ctrl-c (128 + SIGINT, as a shell reports it). */
  interrupted: 130,
} as const;

/**
 * The command line is wrong; `command` points the hint at that command's --help. `showHelp`
 * is off for refusals whose message already says what to do instead.
 */
export class UsageError extends Error {
  override name = 'UsageError';
  constructor(
    message: string,
    readonly command?: string,
    readonly showHelp = true,
  ) {
    super(message);
  }
}

function isUserError(error: unknown): error is Error {
  return (
    error instanceof UsageError ||
    error instanceof CohortError ||
    error instanceof RulesError ||
    error instanceof SampleInputError ||
    error instanceof OutputError ||
    error instanceof SessionError
  );
}

export function exitCodeFor(error: unknown): number {
  return isUserError(error) ? EXIT.usage : EXIT.internal;
}

/** What goes to stderr: "error: …" (a CohortError may add its list of rows), or "internal error: …". */
export function errorText(error: unknown): string {
  if (error instanceof UsageError && error.showHelp) {
    const help = error.command === undefined ? 'tracking-sampler --help' : `tracking-sampler ${error.command} --help`;
    return `error: ${error.message} (see '${help}')`;
  }
  if (isUserError(error)) return `error: ${error.message}`;
  const first = error instanceof Error ? (error.message.split('\n')[0] ?? error.name) : String(error);
  return `internal error: ${first} (this is a bug in tracking-sampler; please report it with the command you ran)`;
}
