#!/usr/bin/env node
/**
 * The single root: the one place that catches, prints an error and sets the exit code.
 * process.exitCode (not process.exit) lets stdout drain when it is a pipe.
 */
import { errorText, exitCodeFor, EXIT } from './errors.js';
import { run } from './run.js';
import { processIo } from './terminal.js';

const io = processIo();

function fail(error: unknown): void {
  io.err(errorText(error));
  // For whoever is fixing the bug, on request only: users never see a stack trace.
  if (process.env.TRACKING_SAMPLER_DEBUG && error instanceof Error && error.stack) io.err(error.stack);
  process.exitCode = exitCodeFor(error);
}

/**
 * A terminal closed under us (the window shut, ssh dropped) is not a bug: reads and writes on
 * it fail with EIO, often before the SIGHUP arrives. It is handled as the hang-up it is: the
 * review's SIGHUP listener saves the session and ends with 129; with no listener, end with 129.
 */
function hungUp(error: unknown): boolean {
  if ((error as NodeJS.ErrnoException | null)?.code !== 'EIO') return false;
  if (process.listenerCount('SIGHUP') > 0) process.emit('SIGHUP', 'SIGHUP');
  else process.exit(EXIT.hangup);
  return true;
}

// A reader that stops early (`| head`) is not an error: stop quietly.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? EXIT.ok);
  if (hungUp(error)) return;
  fail(error);
});
// Errors that escape the await below (an event emitter's, say) end here, classified the same way.
for (const event of ['uncaughtException', 'unhandledRejection'] as const) {
  process.on(event, (error: unknown) => {
    if (hungUp(error)) return;
    fail(error);
    process.exit(exitCodeFor(error));
  });
}

try {
  process.exitCode = await run(process.argv.slice(2), io);
} catch (error) {
  fail(error);
}
