/**
 * A killed process. Ctrl-C, SIGTERM or SIGHUP during a write leave no temporary file (they hold
 * personal data); a kill -9 leftover is removed by the next run that writes in that folder; a
 * sample CSV and an audit that do not belong together (a kill between the renames) are reported.
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { readdir, readFile, rm, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { cohortCsv } from '../cli/fixtures.js';
import { ROOT, cli, ensureBuilt, removeTempDirs, tempDir, write } from '../cli/run.js';

beforeAll(ensureBuilt, 600_000);
afterAll(removeTempDirs);

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ts-killed-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('writeFilesAtomically, stopped by a signal', () => {
  // A child process writes a file whose pieces never end; once its temporary file is there, it
  // is sent the signal, and must leave nothing behind and end by that signal.
  it.each(['SIGINT', 'SIGTERM', 'SIGHUP'] as const)('removes its temporary file on %s', async (signal) => {
    const target = join(dir, 'odds.csv');
    const script = `
      const { writeFilesAtomically } = await import(${JSON.stringify(join(ROOT, 'dist/src/report/atomic.js'))});
      setInterval(() => {}, 1000);
      async function* pieces() { yield 'case_id,chance\\n'.repeat(10000); await new Promise(() => {}); }
      await writeFilesAtomically([{ path: ${JSON.stringify(target)}, data: pieces() }], { inputs: [] });`;
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: 'ignore' });
    const ended = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, sig) => resolve(sig)));
    // Wait for the condition (the temporary file holds data), not for a time.
    for (;;) {
      const temps = (await readdir(dir)).filter((n) => n.endsWith('.tracking-sampler.tmp'));
      if (temps.length > 0 && (await readFile(join(dir, temps[0]!), 'utf8').catch(() => '')).length > 0) break;
      if (child.exitCode !== null) throw new Error('the writer ended before writing');
      await new Promise((r) => setTimeout(r, 10));
    }
    child.kill(signal);
    expect(await ended).toBe(signal);
    expect(await readdir(dir)).toEqual([]);
  });
});


describe('the next run that writes there', () => {
  it('removes a temporary file left by a killed run, and says so on stderr', () => {
    const d = tempDir();
    write(d, 'cohort.csv', cohortCsv());
    // A pid above the kernel's limit: the run that wrote it is certainly gone.
    const leftover = write(d, '.sample.csv.4194999-89abcdef.tracking-sampler.tmp', 'C001,7,EHCP\n');
    const run = cli(['draw', 'cohort.csv', '--seed', 's', '--out', 'sample.csv'], { cwd: d });
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(`notice: removed ${leftover.slice(d.length + 1)}, a temporary file left by an interrupted run`);
    expect(readdirSync(d).sort()).toEqual(['cohort.csv', 'sample.audit.json', 'sample.csv']);
  });

  it('reports an audit that does not describe the CSV beside it, and replaces both', () => {
    const d = tempDir();
    write(d, 'cohort.csv', cohortCsv());
    expect(cli(['draw', 'cohort.csv', '--seed', 'a', '--out', 'sample.csv'], { cwd: d }).code).toBe(0);
    const audit = JSON.parse(readFileSync(join(d, 'sample.audit.json'), 'utf8')) as { files: { file: string; sha256: string }[] };
    expect(audit.files).toEqual([{ file: 'sample.csv', sha256: expect.stringMatching(/^[0-9a-f]{64}$/), bytes: expect.any(Number) }]);
    // The CSV of an older run beside the new audit: what a kill between the renames would leave.
    writeFileSync(join(d, 'sample.csv'), 'role,case_id\npick,C001\n');
    const run = cli(['draw', 'cohort.csv', '--seed', 'b', '--out', 'sample.csv'], { cwd: d });
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/notice: sample\.audit\.json and sample\.csv did not match/);
    const again = cli(['draw', 'cohort.csv', '--seed', 'c', '--out', 'sample.csv'], { cwd: d });
    expect(again.stderr).not.toMatch(/did not match/);
  });
});
