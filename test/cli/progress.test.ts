import { afterEach, describe, expect, it, vi } from 'vitest';
import { progress, type Io } from '../../cli/terminal.js';

function io(stderrIsTty: boolean): Io & { lines: string[] } {
  const lines: string[] = [];
  return { lines, out() {}, err: (l) => lines.push(l), color: false, stderrIsTty, stdinIsTty: false, stdoutIsTty: false, env: {} };
}

describe('progress on stderr', () => {
  afterEach(() => vi.useRealTimers());

  it('writes plain lines to a file or pipe, only once a phase has taken a second, then every few seconds', () => {
    vi.useFakeTimers({ now: 0 });
    const target = io(false);
    const bar = progress(target, true);
    bar.update('reading: 1%');
    vi.setSystemTime(900);
    bar.update('reading: 9%');
    expect(target.lines).toEqual([]);
    vi.setSystemTime(1_100);
    bar.update('reading: 11%');
    vi.setSystemTime(3_000);
    bar.update('reading: 30%');
    vi.setSystemTime(6_200);
    bar.update('reading: 62%');
    bar.done();
    // Lines, never carriage-return redraws.
    expect(target.lines).toEqual(['reading: 11%', 'reading: 62%']);
  });

  it('is silent when turned off (--quiet)', () => {
    vi.useFakeTimers({ now: 0 });
    const target = io(false);
    const bar = progress(target, false);
    vi.setSystemTime(10_000);
    bar.update('reading: 50%');
    expect(target.lines).toEqual([]);
  });
});
