/**
 * The review session is the inspector's work in progress: never lost, never opened twice,
 * never opened damaged, and nothing the tool did not write is ever moved. The refusals are made
 * before the screen opens, so they are tested by calling the command with a terminal-shaped Io.
 */
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseCommandLine, type Invocation } from '../../cli/args.js';
import { review } from '../../cli/commands/review.js';
import { lockSession } from '../../cli/review/lock.js';
import { createEnv } from '../../cli/review/env.js';
import { fromSession, SessionError, setSessionAside, toSession } from '../../cli/review/session.js';
import { initialState, reviewReducer } from '../../cli/review/state.js';
import type { Io } from '../../cli/terminal.js';
import { HANDBOOK_RULES } from '../../src/rules/defaults.js';
import { cohortCsv } from '../cli/fixtures.js';
import { removeTempDirs, tempDir, write } from '../cli/run.js';
import { smallCohort } from '../review/fixtures.js';

afterAll(removeTempDirs);

function terminalIo(): Io & { lines: string[] } {
  const lines: string[] = [];
  return { lines, out: (t) => lines.push(t), err: (l) => lines.push(l), color: false, stderrIsTty: false, stdinIsTty: true, stdoutIsTty: true, env: {} };
}

function invocation(args: string[]): Invocation {
  const parsed = parseCommandLine(['review', ...args]);
  if (parsed.kind !== 'run') throw new Error('not a run');
  return parsed.invocation;
}

const cases = smallCohort();
const at = '2025-06-01T10:00:00.000Z';
const cohortInfo = { file: 'cohort.csv', sha256: 'a'.repeat(64), rows: cases.length };
const env = () => createEnv({ cases, rules: HANDBOOK_RULES, seed: 's', reserves: 3 });
const savedSession = () => toSession(reviewReducer(initialState(env(), at), { type: 'pin', at }), cohortInfo, at);

describe('a saved session is never lost', () => {
  it('a fresh review over a saved session is refused (exit 2) and points to --resume and --new-session', async () => {
    const dir = tempDir();
    write(dir, 'cohort.csv', cohortCsv());
    const session = write(dir, 'sample.session.json', `${JSON.stringify(savedSession())}\n`);
    const before = readFileSync(session, 'utf8');
    const run = review(invocation([join(dir, 'cohort.csv'), '--out', join(dir, 'sample.csv')]), terminalIo());
    await expect(run).rejects.toThrow(/a review session is already saved in .*sample\.session\.json: carry it on with --resume, or start afresh with --new-session/);
    // Twice, as the reproduction did: still there, still the same.
    await expect(review(invocation([join(dir, 'cohort.csv'), '--out', join(dir, 'sample.csv')]), terminalIo())).rejects.toThrow(/--resume/);
    expect(readFileSync(session, 'utf8')).toBe(before);
    expect(readdirSync(dir).sort()).toEqual(['cohort.csv', 'sample.session.json']);
  });

  it('--new-session keeps the old session beside it as F.<UTC time>.json, and never over another', async () => {
    const dir = tempDir();
    const session = write(dir, 'sample.session.json', `${JSON.stringify(savedSession())}\n`);
    const before = readFileSync(session, 'utf8');
    const now = new Date('2026-12-01T12:20:05.123Z');
    const first = await setSessionAside(session, now);
    expect(first).toBe(join(dir, 'sample.session.2026-12-01T12-20-05Z.json'));
    expect(readFileSync(first, 'utf8')).toBe(before);
    expect(existsSync(session)).toBe(false);
    write(dir, 'sample.session.json', before);
    const second = await setSessionAside(session, now);
    expect(second).toBe(join(dir, 'sample.session.2026-12-01T12-20-05Z-2.json'));
    expect(readFileSync(first, 'utf8')).toBe(before);
  });

  it('--session naming a folder is refused, and the folder is not renamed', async () => {
    const dir = tempDir();
    write(dir, 'cohort.csv', cohortCsv());
    mkdirSync(join(dir, 'work'));
    for (const extra of [[], ['--new-session'], ['--resume']]) {
      const run = review(invocation([join(dir, 'cohort.csv'), '--session', join(dir, 'work'), ...extra]), terminalIo());
      await expect(run).rejects.toThrow(/work is a folder, not a session file/);
    }
    expect(readdirSync(dir).sort()).toEqual(['cohort.csv', 'work']);
  });

  it('a file the tool did not write is never moved aside', async () => {
    const dir = tempDir();
    const notes = write(dir, 'notes.json', '{"mine": true}\n');
    await expect(setSessionAside(notes)).rejects.toThrow(/notes\.json is not a review session this tool wrote, so it is left as it is/);
    expect(readdirSync(dir)).toEqual(['notes.json']);
  });

  it.skipIf(process.getuid?.() === 0)('a read-only folder: exit 2 with a message, nothing moved (skipped as root, who can write anyway)', async () => {
    const dir = tempDir();
    const session = write(dir, 'sample.session.json', `${JSON.stringify(savedSession())}\n`);
    chmodSync(dir, 0o500);
    try {
      await expect(setSessionAside(session)).rejects.toThrow(/cannot keep the saved session .* aside \(permission denied/);
    } finally {
      chmodSync(dir, 0o700);
    }
    expect(readdirSync(dir)).toEqual(['sample.session.json']);
  });
});

describe('one review per session', () => {
  it('a second review of a session while the first runs is refused, naming its pid', () => {
    const dir = tempDir();
    const session = join(dir, 'sample.session.json');
    const lock = lockSession(session);
    expect(readFileSync(`${session}.lock`, 'utf8').trim()).toBe(String(process.pid));
    expect(() => lockSession(session)).toThrow(new RegExp(`open in another review \\(pid ${process.pid}\\)`));
    lock.release();
    expect(existsSync(`${session}.lock`)).toBe(false);
    const again = lockSession(session);
    expect(again.notice).toBeNull();
    again.release();
  });

  it('a lock left by a review that is gone is taken over, with a notice', async () => {
    const dir = tempDir();
    const session = join(dir, 'sample.session.json');
    // A process that has certainly ended: one that ran and exited.
    const child = spawn(process.execPath, ['-e', '']);
    const pid = child.pid!;
    await new Promise((resolve) => child.on('exit', resolve));
    writeFileSync(`${session}.lock`, `${pid}\n`);
    const lock = lockSession(session);
    expect(lock.notice).toBe(`took over ${session}.lock, left by a review that is no longer running (pid ${pid})`);
    expect(readFileSync(`${session}.lock`, 'utf8').trim()).toBe(String(process.pid));
    lock.release();
  });

  it('the review command refuses while another holds the lock (exit 2), before reading anything', async () => {
    const dir = tempDir();
    write(dir, 'cohort.csv', cohortCsv());
    write(dir, 'sample.session.json', `${JSON.stringify(savedSession())}\n`);
    // The parent of this test process is alive: its pid stands for the other review.
    writeFileSync(join(dir, 'sample.session.json.lock'), `${process.ppid}\n`);
    const run = review(invocation([join(dir, 'cohort.csv'), '--out', join(dir, 'sample.csv'), '--resume']), terminalIo());
    await expect(run).rejects.toThrow(new RegExp(`open in another review \\(pid ${process.ppid}\\)`));
    expect(readFileSync(join(dir, 'sample.session.json.lock'), 'utf8').trim()).toBe(String(process.ppid));
  });
});

describe('a damaged session is refused whole', () => {
  const refused = (edit: (s: ReturnType<typeof savedSession>) => void) => {
    const s = structuredClone(savedSession());
    edit(s);
    return () => fromSession(s, env());
  };

  it('an undo or redo step naming an unknown case_id', () => {
    expect(refused((s) => s.past[0]!.snapshot.picks.splice(0, 1, 'C999'))).toThrow(SessionError);
    expect(refused((s) => s.past[0]!.snapshot.picks.splice(0, 1, 'C999'))).toThrow(/undo step 1 no case has case_id C999/);
    expect(refused((s) => s.future.push({ ...s.past[0]!, snapshot: { ...s.past[0]!.snapshot, reserves: ['nobody'] } }))).toThrow(/redo step 1/);
  });

  it.each([
    ['no picks', (s: ReturnType<typeof savedSession>) => (s.sample.picks = []), /the sample has 0 picks where the sample size is 6/],
    ['30 picks', (s: ReturnType<typeof savedSession>) => (s.sample.picks = cases.slice(0, 30).map((c) => c.case_id)), /has 30 picks where the sample size is 6/],
    ['a pick twice', (s: ReturnType<typeof savedSession>) => (s.sample.picks[1] = s.sample.picks[0]!), /names the same pick twice/],
    ['a pin that is not a pick', (s: ReturnType<typeof savedSession>) => (s.sample.pinned = ['C059']), /pins a case that is not one of its picks/],
    ['a dropped case not in the cohort', (s: ReturnType<typeof savedSession>) => s.sample.dropped.push({ case_id: 'Z1', reason: null }), /no case has case_id Z1/],
  ])('%s', (_, edit, message) => {
    expect(refused(edit)).toThrow(message);
  });

  it('a sound session opens', () => {
    expect(fromSession(savedSession(), env()).sample.picks).toHaveLength(6);
  });
});
