/**
 * A full disk is an input too. On a real 64 KB tmpfs (root only: mounting needs it), every
 * writer must exit 2 saying the disk is full, leave no file cut short and no temporary file,
 * and leave an older file of the same name as it was.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SessionSaver } from '../../cli/review/session.js';
import { ROOT, STACK, cli, ensureBuilt } from '../cli/run.js';

const COHORT = join(ROOT, 'samples/cohort.csv');

function tryMount(): { dir: string; reason: null } | { dir: null; reason: string } {
  const dir = mkdtempSync(join(tmpdir(), 'ts-full-'));
  const run = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', dir], { encoding: 'utf8' });
  if (run.status === 0) return { dir, reason: null };
  rmSync(dir, { recursive: true, force: true });
  return { dir: null, reason: (run.stderr || run.error?.message || 'mount failed').trim() };
}

const mounted = tryMount();
if (mounted.dir === null) {
  console.warn(`skipping the real full-disk tests: cannot mount a small tmpfs here (${mounted.reason}); they run as root, as in CI`);
}

/** Fills the disk to the last byte, so any new write fails. */
function fill(dir: string): void {
  spawnSync('sh', ['-c', `cat /dev/zero > ${JSON.stringify(join(dir, 'filler'))}`]);
}

describe.skipIf(mounted.dir === null)('on a full disk (a 64 KB tmpfs)', () => {
  const disk = mounted.dir!;
  beforeAll(ensureBuilt, 600_000);
  afterAll(() => {
    spawnSync('umount', [disk]);
    rmSync(disk, { recursive: true, force: true });
  });
  const empty = () => {
    for (const name of readdirSync(disk)) rmSync(join(disk, name), { force: true, recursive: true });
  };

  it('odds --out: a file larger than the disk is refused with "disk full", exit 2, nothing left', () => {
    empty();
    const run = cli(['odds', COHORT, '--out', join(disk, 'odds.csv')]);
    expect(run.stderr).toMatch(/^error: cannot write .*odds\.csv: disk full .*nothing was written$/m);
    expect(run.stderr).not.toMatch(/wrote/);
    expect(run.stderr).not.toMatch(STACK);
    expect(run.code).toBe(2);
    expect(readdirSync(disk)).toEqual([]);
  });

  it('draw --out: neither the sample nor its audit, and an older sample is left as it was', () => {
    empty();
    writeFileSync(join(disk, 'sample.csv'), 'the old sample\n');
    fill(disk);
    const run = cli(['draw', COHORT, '--seed', 'x', '--out', join(disk, 'sample.csv')]);
    expect(run.stderr).toMatch(/^error: cannot write .*sample\.csv: disk full/m);
    expect(run.code).toBe(2);
    expect(readdirSync(disk).sort()).toEqual(['filler', 'sample.csv']);
    expect(readFileSync(join(disk, 'sample.csv'), 'utf8')).toBe('the old sample\n');
  });

  it('the review session: the save fails with "disk full" and the saved session stays whole', async () => {
    empty();
    const path = join(disk, 'sample.session.json');
    writeFileSync(path, '{"saved":"before"}\n');
    fill(disk);
    const saver = new SessionSaver(path, [COHORT]);
    saver.save({ big: 'x'.repeat(100_000) } as never);
    await saver.flush();
    expect(saver.lastError).toMatch(/session not saved: cannot write .*sample\.session\.json: disk full/);
    expect(readFileSync(path, 'utf8')).toBe('{"saved":"before"}\n');
    expect(readdirSync(disk).sort()).toEqual(['filler', 'sample.session.json']);
  });
});
