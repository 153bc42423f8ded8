import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { HANDBOOK_RULES } from '../../src/rules/defaults.js';
import { loadRules, parseRules, RulesError } from '../../src/rules/load.js';

const scratch = mkdtempSync(join(tmpdir(), 'rules-file-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('the rules file', () => {
  it('samples/rules.json is the handbook defaults', () => {
    const shipped = parseRules(JSON.parse(readFileSync(new URL('../../samples/rules.json', import.meta.url), 'utf8')));
    expect(shipped).toEqual(HANDBOOK_RULES);
  });

  it('loads a rules file saved with a byte order mark, as Notepad saves UTF-8', async () => {
    const path = join(scratch, 'notepad-rules.json');
    writeFileSync(path, `\uFEFF${readFileSync(new URL('../../samples/rules.json', import.meta.url), 'utf8')}`);
    expect(await loadRules(path)).toEqual(HANDBOOK_RULES);
  });

  it('refuses a missing file, a folder and a file that is not JSON, naming the file in one line', async () => {
    const refusal = async (path: string) => {
      const error = await loadRules(path).then(() => null, (e: unknown) => e);
      expect(error).toBeInstanceOf(RulesError);
      return (error as RulesError).message;
    };
    expect(await refusal(join(scratch, 'none.json'))).toBe(`${join(scratch, 'none.json')}: not found`);
    expect(await refusal(scratch)).toBe(`${scratch}: is a directory`);
    const notJson = join(scratch, 'x.json');
    writeFileSync(notJson, '{size: 6');
    const message = await refusal(notJson);
    expect(message.startsWith(`${notJson}: not valid JSON (`)).toBe(true);
    expect(message).not.toContain('\n');
  });

  it('reports each problem by its path, in words', () => {
    const bad = {
      size: 6,
      rules: [
        { id: 'a', kind: 'at-least', column: 'setting', values: ['ap'], atLeast: 1 },
        { id: 'b', kind: 'spread', column: 'age_band', atMost: -1 },
        { id: 'c', kind: 'spread', column: 'age_band', atMost: 1.5 },
        { id: 'd', kind: 'spread', column: 'age_band' },
        { id: 'a', kind: 'at-least', column: 'setting', values: [], atLeast: 1 },
      ],
    };
    let error: unknown;
    try {
      parseRules(bad, 'rules.json');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(RulesError);
    const problems = (error as RulesError).problems.join('\n');
    expect(problems).toContain('rules[1].atMost must be a whole number ≥ 0');
    expect(problems).toContain('rules[2].atMost must be a whole number');
    expect(problems).toContain('rules[3]: a spread rule needs "distinct", "atMost" or both');
    expect(problems).toContain('rules[4].values must list at least one value');
  });

  it('refuses two rules with one id (and the reserved id "size")', () => {
    const twice = (id: string) => ({ id, kind: 'at-least', column: 'setting', values: ['ap'], atLeast: 1 });
    expect(() => parseRules({ size: 6, rules: [twice('a'), twice('a')] })).toThrow('rules[1].id: "a" is used twice');
    expect(() => parseRules({ size: 6, rules: [twice('size')] })).toThrow('rules[0].id: "size" names the sample size');
  });

  it('fills in a plain-English description for every rule left without one', () => {
    const rules = parseRules({
      size: 4,
      rules: [
        { id: 'cin', kind: 'at-least', column: 'social_care', values: ['child_in_need'], atLeast: 2 },
        { id: 'places', kind: 'spread', column: 'locality', distinct: 3, atMost: 1 },
      ],
    });
    expect(rules.rules.map((r) => r.description)).toEqual([
      'at least 2 picks with social_care child_in_need',
      'picks with at least 3 different locality values, and no more than 1 pick sharing one locality',
    ]);
  });
});
