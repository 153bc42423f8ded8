/**
 * Runs the built bin as a user would: `node dist/cli/main.js …` in a temporary folder. The
 * bin is rebuilt first when a source file is newer than it (`npm test` builds anyway; this
 * keeps `npx vitest run test/cli` honest on its own). Test files share one build via a lock.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { HANG_MS } from '../helpers/patience.js';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const BIN = join(ROOT, 'dist/cli/main.js');

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (/\.tsx?$/.test(entry.name)) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

function builtAt(): number {
  try {
    return statSync(BIN).mtimeMs;
  } catch {
    return 0;
  }
}

export function ensureBuilt(): void {
  const stale = () => builtAt() < Math.max(newestSource(join(ROOT, 'src')), newestSource(join(ROOT, 'cli')));
  if (!stale()) return;
  const lock = join(ROOT, 'dist', '.test-build.lock');
  mkdirSync(join(ROOT, 'dist'), { recursive: true });
  let mine = false;
  for (;;) {
    try {
      mkdirSync(lock);
      mine = true;
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      // Another test file is building: wait until its lock is gone (the build is done), however
      // long a loaded machine takes. A lock older than HANG_MS is left by a killed run: take it.
      let since: number;
      try {
        since = statSync(lock).mtimeMs;
      } catch {
        if (!stale()) return;
        continue;
      }
      if (Date.now() - since > HANG_MS) rmSync(lock, { recursive: true, force: true });
      else spawnSync('sleep', ['0.2']);
    }
  }
  try {
    // tsc emits even with type errors elsewhere in the tree; `npm test` reports those itself.
    if (mine) spawnSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'ignore' });
  } finally {
    if (mine) rmSync(lock, { recursive: true, force: true });
  }
}

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  cwd?: string;
  input?: string | Buffer;
  env?: Record<string, string | undefined>;
}

export function cli(args: readonly string[], options: RunOptions = {}): Run {
  const env: NodeJS.ProcessEnv = { ...process.env, ...options.env };
  // Plain output unless a test asks for colour: vitest itself may set FORCE_COLOR.
  if (!options.env || !('FORCE_COLOR' in options.env)) delete env.FORCE_COLOR;
  delete env.TRACKING_SAMPLER_DEBUG;
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd: options.cwd ?? ROOT,
    input: options.input ?? '',
    env,
    encoding: 'utf8',
    // A guard against a hang, never a wait: a loaded machine makes a run slow, not wrong.
    timeout: HANG_MS,
    maxBuffer: 64 * 1024 * 1024,
  });
  const hung = result.error !== undefined && (result.error as NodeJS.ErrnoException).code === 'ETIMEDOUT';
  const stderr = hung ? `${result.stderr}\n[test] killed after ${HANG_MS / 1000} s: the command hung` : result.stderr;
  return { code: result.status, stdout: result.stdout, stderr };
}

const made: string[] = [];

/** For afterAll: removes every folder tempDir made in this test file. */
export function removeTempDirs(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}

export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ts-cli-'));
  made.push(dir);
  return dir;
}

export function write(dir: string, name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

/** No Node stack frame ever reaches the user. */
export const STACK = /\n\s+at .+\(.*:\d+:\d+\)|^\s+at /m;
