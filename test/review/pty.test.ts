/**
 * The review screen end to end, in a real terminal: tmux runs the built bin in a 100×30 pane,
 * the test waits for the screen to say it is ready, types, and reads the screen back as a
 * person would see it (capture-pane renders the terminal, not the raw bytes).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HANG_MS } from '../helpers/patience.js';
import { smallCohort } from './fixtures.js';

const ROOT = resolve(import.meta.dirname, '../..');
const BIN = join(ROOT, 'dist/cli/main.js');
const hasTmux = spawnSync('tmux', ['-V']).status === 0;
const session = `tracking-sampler-review-test-${process.pid}`;

const delay = (ms: number) => new Promise((r) => setTimeout(r, ms));
const tmux = (...args: string[]) => execFileSync('tmux', args, { encoding: 'utf8' });
const screen = () => tmux('capture-pane', '-p', '-t', session);
const keys = (...k: string[]) => tmux('send-keys', '-t', session, ...k);

async function waitFor(test: (s: string) => boolean, what: string, ms = HANG_MS): Promise<string> {
  const until = Date.now() + ms;
  let last = '';
  while (Date.now() < until) {
    last = screen();
    if (test(last)) return last;
    await delay(50);
  }
  throw new Error(`timed out waiting for ${what}; the screen is:\n${last}`);
}

/** Waits for a condition that is not on a screen (a file, a process). */
async function until(test: () => boolean, what: string, ms = HANG_MS): Promise<void> {
  for (const end = Date.now() + ms; Date.now() < end; await delay(50)) if (test()) return;
  throw new Error(`timed out waiting for ${what}`);
}

/** The picks' case_ids as the table shows them, in order. */
function picksOnScreen(s: string): string[] {
  return [...s.matchAll(/^[› ] +\d +(?:pinned +)?(C\d{3}) /gm)].map((m) => m[1]!);
}

function cohortCsv(): string {
  const header = 'case_id,age,sen_status,primary_need,secondary_need,setting,service_stage,social_care,health_services,locality';
  const rows = smallCohort().map((c) =>
    [c.case_id, c.age, c.sen_status, c.primary_need, c.secondary_need ?? '', c.setting, c.service_stage, c.social_care ?? '', '', c.locality ?? ''].join(','),
  );
  return `${[header, ...rows].join('\n')}\n`;
}

// Each test starts the review in tmux more than once; on a loaded machine a start takes seconds.
describe('review in a real terminal', { timeout: 4 * HANG_MS }, () => {
  let dir = '';

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'review-pty-'));
  });

  afterAll(async () => {
    if (hasTmux) spawnSync('tmux', ['kill-session', '-t', session]);
    await rm(dir, { recursive: true, force: true });
  });

  const title = 'swaps a pick and writes the sample the screen shows';
  it.skipIf(!hasTmux)(hasTmux ? title : `${title} (skipped: tmux is not installed)`, async () => {
    expect(existsSync(BIN), `${BIN} is missing: run npm run build (npm test builds first)`).toBe(true);
    const cohort = join(dir, 'cohort.csv');
    const out = join(dir, 'sample.csv');
    const exitFile = join(dir, 'exit-code');
    await writeFile(cohort, cohortCsv());
    const command = `cd '${ROOT}' && CI=false node '${BIN}' review '${cohort}' --seed pty-seed --reserves 3 --out '${out}'; echo $? > '${exitFile}'; sleep 30`;
    tmux('new-session', '-d', '-s', session, '-x', '100', '-y', '30', command);

    const ready = await waitFor((s) => s.includes('Ready:'), 'the screen to be ready');
    expect(ready).toContain('cohort.csv (60 rows)');
    expect(ready).toContain('✓ all rules met');
    const before = picksOnScreen(ready);
    expect(before).toHaveLength(6);

    // Open the swap list on a pick with more than one way to replace it.
    let list = '';
    let row = 0;
    for (; row < before.length; row++) {
      keys(String(row + 1), 's');
      list = await waitFor((s) => /Replace #\d/.test(s) || /is pinned/.test(s), 'the swap list');
      if (/ [2-9]\d* cases keep every rule| \d{2,} cases keep every rule/.test(list)) break;
      keys('Escape');
      await waitFor((s) => !/Replace #\d/.test(s), 'the swap list to close');
    }
    expect(row).toBeLessThan(before.length);
    const options = [...list.matchAll(/^[› ] (C\d{3}) .*✓ all met/gm)].map((m) => m[1]!);
    const incoming = options[1]!;
    keys('Down', 'Enter');
    const swapped = await waitFor((s) => s.includes(`Swapped ${before[row]} for ${incoming}`), 'the swap');
    expect(swapped).toContain('✓ all rules met');
    expect(swapped).toContain('unwritten');
    const after = picksOnScreen(swapped);
    expect(after[row]).toBe(incoming);
    expect(after.filter((_, i) => i !== row)).toEqual(before.filter((_, i) => i !== row));

    keys('w');
    await waitFor((s) => s.includes('Wrote'), 'the write');
    keys('q');
    await until(() => existsSync(exitFile), 'the program to exit');
    expect((await readFile(exitFile, 'utf8')).trim()).toBe('0');

    const csv = (await readFile(out, 'utf8')).trim().split('\n');
    const picked = csv.filter((l) => l.startsWith('pick,')).map((l) => l.split(',')[1]);
    expect(picked).toEqual(after);
    expect(csv.filter((l) => l.startsWith('reserve,'))).toHaveLength(3);
    const audit = JSON.parse(await readFile(join(dir, 'sample.audit.json'), 'utf8'));
    expect(audit.seed).toBe('pty-seed');
    expect(audit.events.map((e: { action: string }) => e.action)).toEqual(['draw', 'swap']);
    expect(audit.events[1]).toMatchObject({ case_id: before[row], with: incoming });
    expect(audit.picks.map((p: { case_id: string }) => p.case_id)).toEqual(after);
    expect(audit.rule_results.every((r: { satisfied: boolean }) => r.satisfied)).toBe(true);
    expect(existsSync(join(dir, 'sample.session.json'))).toBe(true);
  });

  const resumeTitle = 'resumes the saved session after the terminal closes, and refuses a new seed with --resume';
  it.skipIf(!hasTmux)(hasTmux ? resumeTitle : `${resumeTitle} (skipped: tmux is not installed)`, async () => {
    const cohort = join(dir, 'cohort.csv');
    const out = join(dir, 'resumed.csv');
    await writeFile(cohort, cohortCsv());
    const name = `${session}-resume`;
    const run = async (args: string, exitFile: string) => {
      spawnSync('tmux', ['kill-session', '-t', name]);
      const command = `cd '${ROOT}' && CI=false node '${BIN}' review '${cohort}' ${args} --out '${out}' 2> '${exitFile}.err'; echo $? > '${exitFile}'; sleep 30`;
      tmux('new-session', '-d', '-s', name, '-x', '100', '-y', '30', command);
    };
    const paneOf = () => tmux('capture-pane', '-p', '-t', name);
    const waitPane = async (test: (s: string) => boolean, what: string) => {
      const until = Date.now() + HANG_MS;
      while (Date.now() < until) {
        const s = paneOf();
        if (test(s)) return s;
        await delay(50);
      }
      throw new Error(`timed out waiting for ${what}; the screen is:\n${paneOf()}`);
    };
    try {
      // Keep the first pick, then close the terminal without writing.
      await run('--seed resume-seed', join(dir, 'first-exit'));
      const first = picksOnScreen(await waitPane((s) => s.includes('Ready:'), 'the first screen'));
      tmux('send-keys', '-t', name, 'p');
      const pinnedRow = new RegExp(`^[› ] +1 +pinned +${first[0]} `, 'm');
      await waitPane((s) => pinnedRow.test(s), 'the pin');
      // The session is saved as it goes, but asynchronously: close the terminal only once the
      // keep is on disk, as a person's next keystroke would come later than that anyway.
      const sessionFile = join(dir, 'resumed.session.json');
      const saved = async () => {
        try {
          return (JSON.parse(await readFile(sessionFile, 'utf8')) as { sample: { pinned: string[] } }).sample.pinned.includes(first[0]!);
        } catch {
          return false;
        }
      };
      for (const until = Date.now() + HANG_MS; Date.now() < until && !(await saved()); ) await delay(50);
      expect(await saved()).toBe(true);
      const holder = Number((await readFile(`${sessionFile}.lock`, 'utf8')).trim());
      spawnSync('tmux', ['kill-session', '-t', name]);
      // The hang-up ends that review (after saving): wait for it to be gone, as a person
      // reopening a terminal would be later than that anyway.
      const alive = () => {
        try {
          process.kill(holder, 0);
          return true;
        } catch {
          return false;
        }
      };
      await until(() => !alive(), 'the hung-up review to end');
      expect(existsSync(`${sessionFile}.lock`)).toBe(false);
      expect(await readFile(join(dir, 'first-exit.err'), 'utf8')).not.toContain('internal error');

      // --resume with a new seed is refused in one line, exit 2, before anything is drawn.
      await run('--resume --seed other', join(dir, 'refused-exit'));
      await until(() => existsSync(join(dir, 'refused-exit')), 'the refusal');
      expect((await readFile(join(dir, 'refused-exit'), 'utf8')).trim()).toBe('2');
      const err = (await readFile(join(dir, 'refused-exit.err'), 'utf8')).trim();
      expect(err.split('\n')).toHaveLength(1);
      expect(err).toContain('drop --seed');

      // --resume alone brings back the same picks with the first one still pinned.
      await run('--resume', join(dir, 'resumed-exit'));
      const resumed = await waitPane((s) => pinnedRow.test(s), 'the resumed screen, pick 1 pinned');
      expect(picksOnScreen(resumed)).toEqual(first);
      expect(resumed).toContain('seed resume-seed');
    } finally {
      spawnSync('tmux', ['kill-session', '-t', name]);
    }
  });
});
