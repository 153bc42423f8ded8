import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEnv } from '../../cli/review/env.js';
import { checkSession, fromSession, readSession, SessionError, SessionSaver, toSession } from '../../cli/review/session.js';
import { snapshotKey } from '../../cli/review/selectors.js';
import { initialState, reviewReducer } from '../../cli/review/state.js';
import { HANDBOOK_RULES } from '../../src/rules/defaults.js';
import { smallCohort } from './fixtures.js';

const cases = smallCohort();
const at = '2025-06-01T10:00:00.000Z';
const cohort = { file: 'cohort.csv', sha256: 'a'.repeat(64), rows: cases.length };
let dir = '';

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'review-session-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function state() {
  return initialState(createEnv({ cases, rules: HANDBOOK_RULES, seed: 's', reserves: 3 }), at);
}

describe('the session file', () => {
  it('ends as the last state saved, readable by its owner only, and resumes to it', async () => {
    const path = join(dir, 'session.json');
    const saver = new SessionSaver(path);
    let s = state();
    saver.save(toSession(s, cohort, at));
    s = reviewReducer(s, { type: 'pin', at });
    saver.save(toSession(s, cohort, at));
    s = reviewReducer(s, { type: 'drop', at, reason: 'family declined' });
    saver.save(toSession(s, cohort, at));
    await saver.flush();
    expect(saver.lastError).toBeNull();
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    const session = await readSession(path);
    checkSession(session, path, cohort, HANDBOOK_RULES);
    const back = fromSession(session, createEnv({ cases, rules: HANDBOOK_RULES, seed: session.seed, reserves: session.options.reserves }));
    expect(snapshotKey(back.sample)).toBe(snapshotKey(s.sample));
    expect(back.events.map((e) => e.action)).toEqual(['draw', 'pin', 'drop']);
    expect(JSON.parse(await readFile(path, 'utf8')).sample.dropped).toEqual([{ case_id: s.sample.dropped[0]!.case_id, reason: 'family declined' }]);
  });

  it('reports a failed save instead of throwing', async () => {
    const saver = new SessionSaver(join(dir, 'missing-folder', 'session.json'));
    const heard: string[] = [];
    saver.onError((m) => heard.push(m));
    saver.save(toSession(state(), cohort, at));
    await saver.flush();
    expect(heard[0]).toMatch(/session not saved: .*does not exist/);
  });

  it('refuses a missing file, another format, another cohort or other rules, in one line each', async () => {
    await expect(readSession(join(dir, 'none.json'))).rejects.toThrow(/no review session at .* start one without --resume/);
    const junk = join(dir, 'junk.json');
    await writeFile(junk, '{"hello": 1}');
    await expect(readSession(junk)).rejects.toBeInstanceOf(SessionError);
    const session = JSON.parse(JSON.stringify(toSession(state(), cohort, at)));
    expect(() => checkSession(session, 'x.json', { sha256: 'b'.repeat(64) }, HANDBOOK_RULES)).toThrow(/different cohort file/);
    expect(() => checkSession(session, 'x.json', cohort, { ...HANDBOOK_RULES, size: 5 })).toThrow(/different rules/);
  });

  it('names each field of the wrong type, with its path, in one line', async () => {
    const session = JSON.parse(JSON.stringify(toSession(state(), cohort, at)));
    session.seed = 42;
    session.sample.picks[0] = 7;
    const path = join(dir, 'edited.json');
    await writeFile(path, JSON.stringify(session));
    const error = await readSession(path).then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(SessionError);
    expect((error as SessionError).message).toBe(
      `${path} is not a review session this version can resume: seed: expected string, received number; sample.picks[0]: expected string, received number`,
    );
  });

  it('resumes a session saved by 0.1.0, under the names it used then', async () => {
    let s = state();
    s = reviewReducer(s, { type: 'pin', at });
    s = reviewReducer(s, { type: 'drop', at, reason: 'family declined' });
    const now = toSession(s, cohort, at);
    // The same session as 0.1.0 wrote it: camelCase keys, `version`, `kept`, keep events.
    const old = {
      format: now.format,
      version: 1,
      savedAt: now.saved_at,
      cohort: now.cohort,
      rules: now.rules_file,
      seed: now.seed,
      pins: now.options.pinned,
      excludes: now.options.excluded,
      reserves: now.options.reserves,
      status: now.status,
      explanation: now.explanation,
      firstCount: now.first_valid_samples,
      nonce: now.nonce,
      written: now.written,
      selected: now.selected,
      sample: { picks: now.sample.picks, kept: now.sample.pinned, dropped: now.sample.dropped, reserves: now.sample.reserves },
      past: now.past.map(({ snapshot: { pinned, ...rest }, label }) => ({ snapshot: { ...rest, kept: pinned }, label })),
      future: [],
      events: now.events.map((e) => (e.action === 'pin' ? { ...e, action: 'keep' } : e)),
    };
    const path = join(dir, 'old.json');
    await writeFile(path, JSON.stringify(old));
    const read = await readSession(path);
    expect(read).toEqual(JSON.parse(JSON.stringify(now)));
    const back = fromSession(read, createEnv({ cases, rules: HANDBOOK_RULES, seed: read.seed, reserves: read.options.reserves }));
    expect(snapshotKey(back.sample)).toBe(snapshotKey(s.sample));
    expect(back.events.map((e) => e.action)).toEqual(['draw', 'pin', 'drop']);
  });

  it('refuses a session of another format_version, saying it cannot resume it', async () => {
    const path = join(dir, 'future.json');
    await writeFile(path, JSON.stringify({ ...toSession(state(), cohort, at), format_version: 2 }));
    await expect(readSession(path)).rejects.toThrow(new SessionError(`${path} is not a review session this version can resume`));
  });

  it('reads back a session with its rules in another key order as the same rules', async () => {
    const path = join(dir, 'session.json');
    const saver = new SessionSaver(path);
    // parseRules puts each description last; a session read back has the schema's order.
    const rules = { ...HANDBOOK_RULES, rules: HANDBOOK_RULES.rules.map(({ description, ...r }) => ({ ...r, description })) };
    saver.save(toSession(initialState(createEnv({ cases, rules, seed: 's', reserves: 3 }), at), cohort, at));
    await saver.flush();
    const session = await readSession(path);
    expect(() => checkSession(session, path, cohort, rules)).not.toThrow();
  });
});

describe('a session that cannot be resumed, at the command line', () => {
  it('is a user error: one line on stderr and exit 2, through the one exit root', async () => {
    const { EXIT, errorText, exitCodeFor } = await import('../../cli/errors.js');
    const error = new SessionError('/tmp/x.session.json is not a review session (not valid JSON)');
    expect(exitCodeFor(error)).toBe(EXIT.usage);
    expect(errorText(error)).toBe('error: /tmp/x.session.json is not a review session (not valid JSON)');
  });
});
