/**
 * Escape codes in a cell, a header, a rule description or a value quoted in an error must not
 * act on the terminal: the window title, clearing the screen, moving the cursor. Every command's
 * output, with colour on and off, holds no escape code but the tool's own colours; files keep
 * values as they are.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { printable, terminalText } from '../../src/report/printable.js';
import { STYLE_CODES, style } from '../../src/report/style.js';
import { cli, ensureBuilt, removeTempDirs, tempDir, write } from '../cli/run.js';

beforeAll(ensureBuilt, 600_000);
afterAll(removeTempDirs);

const TITLE = '\u001b]0;owned\u0007';
const CLEAR = '\u001b[2J';
const HOSTILE = `X${TITLE}${CLEAR}\u009b31m\u202e`;

/** Every escape (7-bit or 8-bit) in the text that is not one of the tool's own colour codes. */
function foreignEscapes(text: string): string[] {
  // eslint-disable-next-line no-control-regex
  return [...text.matchAll(/\u001b\[[0-9;]*m|[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g)]
    .map((m) => m[0])
    .filter((m) => !STYLE_CODES.has(m));
}

describe('the sanitiser', () => {
  it('shows every control character as "?" in a cell, and keeps the tool\'s own colours in output', () => {
    expect(printable(`a${TITLE}b\tc\nd`)).toBe('a?]0;owned?b?c?d');
    const coloured = style(true).good('ok');
    expect(terminalText(`${coloured} ${HOSTILE}\nnext\tline`)).toBe(`${coloured} X?]0;owned??[2J?31m?\nnext\tline`);
    expect(foreignEscapes(terminalText(HOSTILE))).toEqual([]);
  });

  it('cuts a huge value in a message, saying how much it left out', () => {
    const line = terminalText(`unknown column '${'a'.repeat(900_000)}'`, true);
    expect(line.length).toBeLessThan(400);
    expect(line).toMatch(/… \(899,8\d\d more characters not shown\)/);
    expect(terminalText('short words stay', true)).toBe('short words stay');
  });
});

const HEADER = 'case_id,age,sen_status,primary_need,setting,service_stage,locality,la_code';
function cohort(locality: (i: number) => string, header = HEADER): string {
  const needs = ['ASD', 'MLD', 'SEMH', 'HI', 'SLCN', 'PD'];
  const stages = ['identifying', 'assessing', 'new_plan', 'established', 'transition'];
  const rows = Array.from({ length: 30 }, (_, i) =>
    [`C${String(i + 1).padStart(3, '0')}`, 3 + (i % 18), i % 2 ? 'EHCP' : 'SEN support', needs[i % 6], i % 5 ? 'mainstream' : 'ap', stages[i % 5], locality(i), i < 15 ? 'E01' : `E0${TITLE}2`].join(','),
  );
  return `${[header, ...rows].join('\n')}\n`;
}

describe('escape codes from the input never reach the terminal', () => {
  const dir = tempDir();
  // The reproduction: the escape codes in the case_id of a one-row file.
  const repro = write(dir, 'repro.csv', `case_id,age,sen_status,primary_need,setting,service_stage\nX${TITLE}${CLEAR},7,EHCP,ASD,ap,new_plan\n`);
  const file = write(dir, 'e.csv', cohort((i) => (i === 0 ? `"${HOSTILE}"` : 'North')));
  const badRow = write(dir, 'bad.csv', `${cohort(() => 'North')}C999${TITLE},abc${CLEAR},EHCP,ASD,ap,new_plan,x,E01\n`);
  const badHeader = write(dir, 'header.csv', cohort(() => 'North', HEADER.replace('locality', `locality${CLEAR}`).replace('case_id', `case${TITLE}_id`)));
  const rules = JSON.parse(readFileSync(join(process.cwd(), 'samples/rules.json'), 'utf8')) as { rules: { description: string }[] };
  rules.rules[0]!.description = `need areas ${TITLE}${CLEAR}`;
  const rulesFile = write(dir, 'rules.json', JSON.stringify(rules));

  it.each([
    ['draw, the issue\'s reproduction', ['draw', repro, '--seed', 's']],
    ['draw', ['draw', file, '--seed', 's']],
    ['draw --pin of the hostile case', ['draw', file, '--seed', 's', '--pin', 'C001']],
    ['check --by la_code (group labels)', ['check', file, '--by', 'la_code']],
    ['odds', ['odds', file]],
    ['an invalid row quoted in an error', ['check', badRow]],
    ['the --skip-invalid list', ['draw', badRow, '--skip-invalid', '--seed', 's']],
    ['header names', ['check', badHeader]],
    ['a rule description', ['draw', file, '--rules', rulesFile, '--seed', 's']],
    ['a --seed quoted back', ['draw', file, '--seed', `a${TITLE}`]],
    ['a file name quoted back', ['check', join(dir, `missing${CLEAR}.csv`)]],
  ])('%s', (_, args) => {
    for (const env of [{ FORCE_COLOR: '0' }, { FORCE_COLOR: '1' }]) {
      const run = cli(args, { env });
      expect(foreignEscapes(run.stdout)).toEqual([]);
      expect(foreignEscapes(run.stderr)).toEqual([]);
      expect(run.stdout + run.stderr).not.toContain('owned\u0007');
    }
  });

  it('keeps the value as it is in the files written', () => {
    const out = join(dir, 'sample.csv');
    const run = cli(['draw', file, '--seed', 's', '--pin', 'C001', '--out', out]);
    expect(run.code).toBe(0);
    expect(readFileSync(out, 'utf8')).toContain(HOSTILE);
  });
});
