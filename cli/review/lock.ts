/**
 * One review per session file at a time. Two `review --resume` on one session would each save
 * over the other's changes and both claim to have kept them; so the session F is guarded by
 * F.lock, created exclusively (O_EXCL) and holding the pid of the review that has it. A lock
 * whose process is gone (a kill -9, a closed laptop) is taken over, and said so.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { pidIsRunning } from '../../src/report/atomic.js';
import { UsageError } from '../errors.js';

export interface SessionLock {
  path: string;
  /** Said once the lock is held: a stale lock taken over, or null. */
  notice: string | null;
  release(): void;
}

function holder(path: string): number | null {
  try {
    const pid = Number.parseInt(readFileSync(path, 'utf8').trim(), 10);
    return Number.isSafeInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

/** Takes the lock of `sessionFile`, or refuses (exit 2) while another review holds it. */
export function lockSession(sessionFile: string): SessionLock {
  const path = `${sessionFile}.lock`;
  let notice: string | null = null;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(path, `${process.pid}\n`, { flag: 'wx', mode: 0o600 });
      const release = () => {
        process.off('exit', release);
        // Only our own lock: a lock taken over from us while we hung is not ours to remove.
        if (holder(path) === process.pid) rmSync(path, { force: true });
      };
      process.on('exit', release);
      return { path, notice, release };
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'EEXIST') {
        throw new UsageError(`cannot lock the review session ${sessionFile}: ${code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code === 'EROFS' ? 'the file system is read-only' : (error as Error).message}`, 'review', false);
      }
    }
    const pid = holder(path);
    if (pid !== null && pidIsRunning(pid)) {
      throw new UsageError(
        `the review session ${sessionFile} is open in another review (pid ${pid}); close that one first, or give this one another --session`,
        'review',
        false,
      );
    }
    // The review that held it is gone: its lock is stale.
    rmSync(path, { force: true });
    notice = `took over ${path}, left by a review that is no longer running${pid === null ? '' : ` (pid ${pid})`}`;
  }
  throw new UsageError(`the review session ${sessionFile} is being opened by another review at this moment; try again`, 'review', false);
}
