/**
 * How long a test lets something take before calling it hung. Tests wait for a condition (a
 * screen, a file, a process ending), never for a time; this bound only turns a hang into a
 * failure that says what it was waiting for. With both cores busy (seven suites at once, or CI
 * on a small machine) a start of the bin or of LibreOffice can take tens of seconds, so the
 * bound is minutes, and vitest's own timeout (vitest.config.ts) is longer still, so that the
 * test's message, not vitest's, is the one seen.
 */
export const HANG_MS = 240_000;
