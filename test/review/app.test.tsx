import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cleanup, render } from 'ink-testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { helpLines } from '../../cli/review/HelpPanel.js';
import { App } from '../../cli/review/App.js';
import { createEnv } from '../../cli/review/env.js';
import { initialState, reviewReducer } from '../../cli/review/state.js';
import type { ReviewState } from '../../cli/review/types.js';
import type { ReviewContext } from '../../cli/review/context.js';
import { HANDBOOK_RULES } from '../../src/rules/defaults.js';
import { HANG_MS } from '../helpers/patience.js';
import { reviewContext, smallCohort } from './fixtures.js';

const cases = smallCohort();
const KEYS = { enter: '\r', escape: '\u001b', tab: '\t', down: '\u001b[B', up: '\u001b[A', backspace: '\u007f' };

// eslint-disable-next-line no-control-regex
const plain = (s: string | undefined) => (s ?? '').replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '');
const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Waits until the assertion holds: a screen is rendered when React gets to it, which on a
 * loaded machine can be much later than usual, so no test waits a fixed time and then looks.
 */
const until = (assertion: () => void) => vi.waitFor(assertion, { timeout: HANG_MS, interval: 10 });

function fresh(seed = 'test-seed'): ReviewState {
  return initialState(createEnv({ cases, rules: HANDBOOK_RULES, seed, reserves: 4 }), '2025-06-01T10:00:00.000Z');
}

/** The index of a pick that at least `n` cases can replace with every rule met. */
function swappable(n = 3): number {
  const s = fresh();
  for (let i = 0; i < s.sample.picks.length; i++) {
    const opened = reviewReducer(reviewReducer(s, { type: 'select', index: i }), { type: 'openSwap' });
    if ((opened.swap?.fits.length ?? 0) >= n) return i;
  }
  throw new Error('fixture has no pick with enough swap options');
}

function start(options: { columns?: number; rows?: number; ctx?: Partial<ReviewContext> } = {}) {
  const exits: number[] = [];
  const app = render(
    <App
      initial={fresh()}
      ctx={reviewContext(cases, options.ctx)}
      columns={options.columns ?? 80}
      rows={options.rows ?? 24}
      onExit={(code) => exits.push(code)}
    />,
  );
  const frame = () => plain(app.lastFrame());
  /**
   * Each key goes to the reducer in order, whenever React renders; give the event loop a turn
   * between keys, and assert on the screen with `until` or `waitFor`, never straight after.
   */
  const press = async (...keys: string[]) => {
    for (const k of keys) {
      await delay(1);
      app.stdin.write(k);
    }
  };
  const type = (text: string) => press(...text);
  /** Waits for a condition (with both cores busy a frame can take seconds), failing only on a hang. */
  const waitFor = async (test: (frame: string) => boolean, what: string) => {
    const deadline = Date.now() + HANG_MS;
    while (Date.now() < deadline) {
      if (test(frame())) return;
      await delay(10);
    }
    throw new Error(`timed out waiting for ${what}; the screen is:\n${frame()}`);
  };
  const waitForExit = async () => {
    const deadline = Date.now() + HANG_MS;
    while (exits.length === 0 && Date.now() < deadline) await delay(10);
    return exits;
  };
  return { app, frame, press, type, waitFor, waitForExit, exits };
}

afterEach(() => {
  cleanup();
});

describe('the review screen', () => {
  it('shows the header, the rules as chips, the picks, the grid, the reserves and the keys', async () => {
    const { frame, waitFor } = start();
    await waitFor((f) => f.includes('valid samples'), 'the count');
    const f = frame();
    const s = fresh();
    expect(f).toContain('cohort.csv (60 rows)');
    expect(f).toContain('seed test-seed');
    expect(f).toContain('✓ all rules met');
    expect(f).toMatch(/✓ sen-support \d \(at least 2\)/);
    expect(f).toMatch(/✓ age-spread \d different \(at least 3\), most in one: \d \(at most 2\)/);
    for (const c of s.sample.picks) expect(f).toContain(c.case_id);
    expect(f).toMatch(/^› 1 /m);
    expect(f).toContain('need area by age band');
    expect(f).toMatch(/^C&I /m);
    expect(f).toContain('reserves (4)');
    expect(f).toContain('s swap');
    expect(f).toContain('? help');
  });

  it('fits 80×24 without wrapping a line', async () => {
    const { frame, waitFor, press } = start({ columns: 80, rows: 24 });
    await waitFor((f) => f.includes('valid samples'), 'the count');
    const screens = [frame()];
    await press('s', KEYS.tab);
    await waitFor((f) => /showing .* that break a rule/.test(f), 'the swap list with rule-breaking cases');
    screens.push(frame());
    await press(KEYS.escape, '?');
    await waitFor((f) => f.includes('In the swap list'), 'the help');
    screens.push(frame());
    for (const screen of screens) {
      const lines = screen.split('\n');
      expect(lines.length).toBeLessThanOrEqual(23);
      for (const line of lines) expect([...line].length).toBeLessThanOrEqual(80);
    }
  });

  it('uses more room when there is more', async () => {
    const small = start({ columns: 80, rows: 24 });
    await small.press('s', KEYS.tab);
    await small.waitFor((f) => /showing .* that break a rule/.test(f), 'the small swap list');
    const big = start({ columns: 140, rows: 45 });
    await big.press('s', KEYS.tab);
    await big.waitFor((f) => /showing .* that break a rule/.test(f), 'the big swap list');
    const rowsOf = (f: string) => f.split('\n').filter((l) => /✗ [a-z]|✓ all met/.test(l)).length;
    expect(rowsOf(big.frame())).toBeGreaterThan(rowsOf(small.frame()));
    expect(big.frame()).toContain('social care');
  });

  it('moves with j and k and the arrows', async () => {
    const { frame, press } = start();
    await press('j', 'j');
    await until(() => expect(frame()).toMatch(/^› 3 /m));
    await press('k', KEYS.up);
    await until(() => expect(frame()).toMatch(/^› 1 /m));
    await press(KEYS.down);
    await until(() => expect(frame()).toMatch(/^› 2 /m));
  });

  it('swaps a pick for a case from the list, and the rules still hold', async () => {
    const index = swappable();
    const { frame, press } = start();
    await press(String(index + 1), 's');
    await until(() => expect(frame()).toMatch(/Replace #\d C\d+ .* cases keep every rule/));
    const options = frame()
      .split('\n')
      .filter((l) => /✓ all met/.test(l))
      .map((l) => /C\d{3}/.exec(l)![0]);
    await press(KEYS.down, KEYS.enter);
    await until(() => expect(frame()).toContain(`for ${options[1]}: every rule still met`));
    await until(() => expect(frame()).toContain('✓ all rules met'));
    await until(() => expect(frame()).toMatch(new RegExp(`^› ${index + 1} +${options[1]}`, 'm')));
  });

  it('filters the swap list by typing', async () => {
    const index = swappable();
    const { frame, press, type } = start();
    await press(String(index + 1), 's');
    await until(() => expect(frame()).toMatch(/Replace #\d C\d+ .* cases keep every rule/));
    const second = /C\d{3}/.exec(frame().split('\n').filter((l) => /✓ all met/.test(l))[1]!)![0];
    await type(second.toLowerCase());
    await until(() => expect(frame()).toContain(`filter: ${second.toLowerCase()}`));
    const rows = frame().split('\n').filter((l) => /✓ all met/.test(l));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toContain(second);
    await until(() => expect(frame()).toContain(`filter: ${second.toLowerCase()}`));
    await press(KEYS.backspace, KEYS.backspace, KEYS.backspace);
    await until(() => expect(frame().split('\n').filter((l) => /✓ all met/.test(l)).length).toBeGreaterThan(1));
  });

  it('shows rule-breaking cases on request, and taking one shows the broken rule with ✗', async () => {
    const { frame, press } = start({ columns: 120, rows: 30 });
    await press('s', KEYS.tab);
    await until(() => expect(frame()).toMatch(/showing .* that break a rule/));
    const line = frame()
      .split('\n')
      .find((l) => /✗ [a-z-]+/.test(l) && !/^✗|rules? not met/.test(l))!;
    const rule = /✗ ([a-z-]+)/.exec(line)![1]!;
    // Move down to the first breaking row and take it.
    const rows = frame().split('\n').filter((l) => /✗ [a-z]|✓ all met/.test(l));
    const at = rows.findIndex((l) => l === line);
    await press(...Array(at).fill(KEYS.down), KEYS.enter);
    await until(() => expect(frame()).toMatch(new RegExp(`✗ ${rule} `)));
    await until(() => expect(frame()).toMatch(/✗ \d+ rules? not met/));
    await until(() => expect(frame()).toContain('not met'));
  });

  it('drops a pick with a reason typed in a prompt', async () => {
    const { frame, press, type } = start();
    const out = fresh().sample.picks[0]!.case_id;
    await press('x');
    await until(() => expect(frame()).toContain(`Drop #1 ${out} for the rest of the session? Reason (optional):`));
    await type('family declined');
    await until(() => expect(frame()).toContain('Reason (optional): family declined'));
    await press(KEYS.enter);
    await until(() => expect(frame()).toMatch(new RegExp(`Dropped ${out} \\(family declined\\); C\\d+ takes its place`)));
    await until(() => expect(frame()).toContain('1 dropped'));
    await until(() => expect(frame()).not.toMatch(new RegExp(`^. 1 +${out}`, 'm')));
  });

  it('pins, then undoes and redoes', async () => {
    const { frame, press } = start();
    await press('p');
    await until(() => expect(frame()).toMatch(/^› 1 pinned/m));
    await press('u');
    await until(() => expect(frame()).toMatch(/^› 1 {8}C/m));
    await until(() => expect(frame()).toContain('Undid: pinned'));
    await press('U');
    await until(() => expect(frame()).toMatch(/^› 1 pinned/m));
  });

  it('opens and closes the help panel', async () => {
    const { frame, press } = start();
    await press('?');
    await until(() => expect(frame()).toContain('In the swap list'));
    await until(() => expect(frame()).toContain('ctrl-r'));
    await press('?');
    await until(() => expect(frame()).not.toContain('In the swap list'));
    await until(() => expect(frame()).toContain('need area by age band'));
  });

  it('fits the whole help in 80×24, even under the two-line header a change brings', async () => {
    const { frame, press } = start({ columns: 80, rows: 24 });
    await press('p', '?');
    await until(() => expect(frame()).toContain('In the swap list'));
    const help = frame();
    expect(help.split('\n').length).toBeLessThanOrEqual(24);
    // Every line of the help is there, and no line is wrapped past the width.
    for (const line of helpLines()) expect(help).toContain(line.text.trim().slice(0, 60));
    for (const line of help.split('\n')) expect(line.length).toBeLessThanOrEqual(80);
  });

  it('asks before quitting with unwritten changes', async () => {
    const { frame, press, exits } = start();
    await press('p', 'q');
    await until(() => expect(frame()).toContain('Unwritten changes. Quit anyway?'));
    await until(() => expect(frame()).toContain('w write and quit'));
    await press('n');
    await until(() => expect(frame()).not.toContain('Quit anyway?'));
    expect(exits).toEqual([]);
    await press('q', 'y');
    await until(() => expect(exits).toEqual([0]));
  });

  it('says in full why a write failed, on two lines at most, and keeps the changes', async () => {
    const { frame, press, waitFor, exits } = start({ ctx: { out: '/nonexistent-folder/for/this/test/sample.csv' } });
    await press('p', 'w');
    await waitFor((f) => f.includes('Not written'), 'the failure');
    await until(() => expect(frame()).toMatch(/✗ Not written: cannot write \S+:\s+the\s+folder\s+\S+\s+does\s+not\s+exist;\s+nothing\s+was\s+written/));
    expect(frame().split('\n').length).toBeLessThanOrEqual(23);
    await until(() => expect(frame()).toContain('unwritten'));
    await press('q');
    await until(() => expect(frame()).toContain('Quit anyway?'));
    expect(exits).toEqual([]);
  });

  it('writes the sample and its audit record, then quits without asking', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'review-app-'));
    try {
      const out = join(dir, 'sample.csv');
      const { frame, press, waitFor, waitForExit } = start({ ctx: { out } });
      await press('p', 'j', 'x');
      await press(...'family declined', KEYS.enter, 'w');
      await waitFor((f) => f.includes('Wrote'), 'the write');
      expect(frame()).not.toContain('unwritten');
      const csv = await readFile(out, 'utf8');
      const audit = JSON.parse(await readFile(join(dir, 'sample.audit.json'), 'utf8'));
      expect(audit.events.map((e: { action: string }) => e.action)).toEqual(['draw', 'pin', 'drop']);
      expect(audit.events[2].reason).toBe('family declined');
      for (const p of audit.picks) expect(frame()).toContain(p.case_id);
      expect(csv.split('\n')[0]).toContain('case_id');
      await press('q');
      expect(await waitForExit()).toEqual([0]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
