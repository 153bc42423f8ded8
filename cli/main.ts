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

// A reader that stops early (`| head`) is not an error: stop quietly.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? EXIT.ok);
  fail(error);
});
// Errors that escape the await below (an event emitter's, say) end here, classified the same way.
for (const event of ['uncaughtException', 'unhandledRejection'] as const) {
  process.on(event, (error: unknown) => {
    fail(error);
    process.exit(exitCodeFor(error));
  });
}

try {
  process.exitCode = await run(process.argv.slice(2), io);
} catch (error) {
  fail(error);
}
