/**
 * Everything the command line decides about the terminal, decided once: where text goes,
 * whether to colour it, and a progress line for long work.
 */
import { terminalText } from '../src/report/printable.js';

export interface Io {
  /**
   * Text for stdout. A report ('text', the default) is made safe and has huge values cut; a
   * JSON document ('data') is made safe only: it must stay whole to be read back.
   */
  out(text: string, kind?: 'text' | 'data'): void;
  err(line: string): void;
  /** Colour stdout: only on a terminal, unless NO_COLOR says no or FORCE_COLOR says yes. */
  color: boolean;
  /** A progress line on stderr is only for a person watching a terminal. */
  stderrIsTty: boolean;
  stdinIsTty: boolean;
  stdoutIsTty: boolean;
  env: NodeJS.ProcessEnv;
}

export function wantsColor(env: NodeJS.ProcessEnv, stdoutIsTty: boolean): boolean {
  const force = env.FORCE_COLOR;
  if (force !== undefined && force !== '') return force !== '0' && force !== 'false';
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  return stdoutIsTty && env.TERM !== 'dumb';
}

export function processIo(): Io {
  const stdoutIsTty = process.stdout.isTTY === true;
  return {
    // Everything shown goes through the one sanitiser (src/report/printable.ts): no escape code
    // from a file reaches the terminal, and a huge value in a message is cut.
    out: (text, kind = 'text') => process.stdout.write(terminalText(text, kind === 'text')),
    err: (line) => process.stderr.write(errorLine(line)),
    color: wantsColor(process.env, stdoutIsTty),
    stderrIsTty: process.stderr.isTTY === true,
    stdinIsTty: process.stdin.isTTY === true,
    stdoutIsTty,
    env: process.env,
  };
}

/** A line for stderr, made safe and cut where a value in it is huge, ending in a newline. */
export function errorLine(line: string): string {
  const safe = terminalText(line, true);
  return safe.endsWith('\n') ? safe : `${safe}\n`;
}

export interface Progress {
  update(text: string): void;
  done(): void;
}

/** Work shorter than this shows no progress at all: a flash of text is noise. */
const QUIET_MS = 1000;
/** A terminal's line is redrawn at most this often. */
const EVERY_MS = 100;
/** A file or pipe gets a plain line at most this often: a log to read later, not a redraw. */
const PLAIN_EVERY_MS = 5000;

const SILENT: Progress = { update() {}, done() {} };

/**
 * Progress for one phase of work over a second long (reading, counting n of N) on stderr: a
 * single self-overwriting line on a terminal, plain lines when stderr is a file or a pipe
 * (a batch job's log), nothing with --quiet.
 */
export function progress(io: Io, enabled: boolean): Progress {
  if (!enabled) return SILENT;
  const start = Date.now();
  let last = 0;
  if (!io.stderrIsTty) {
    return {
      update(text) {
        const now = Date.now();
        if (now - start < QUIET_MS || (last !== 0 && now - last < PLAIN_EVERY_MS)) return;
        last = now;
        io.err(text);
      },
      done() {},
    };
  }
  let shown = false;
  return {
    update(text) {
      const now = Date.now();
      if (now - start < QUIET_MS || now - last < EVERY_MS) return;
      last = now;
      shown = true;
      process.stderr.write(`\r\u001b[K${terminalText(text, true)}`);
    },
    done() {
      if (shown) process.stderr.write('\r\u001b[K');
      shown = false;
    },
  };
}
