import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { style, visibleWidth } from '../../src/report/style.js';
import { table } from '../../src/report/table.js';
import { DECOMPOSED, WIDE, columnOf, columnsOf } from '../helpers/columns.js';
import { cohortCsv } from '../cli/fixtures.js';
import { cli, ensureBuilt, removeTempDirs, tempDir, write } from '../cli/run.js';

beforeAll(ensureBuilt);
afterAll(removeTempDirs);

describe('visibleWidth', () => {
  it('counts the columns a terminal draws, not code points', () => {
    expect(visibleWidth(WIDE)).toBe(4);
    expect(visibleWidth(DECOMPOSED)).toBe(8);
    expect(visibleWidth('\u001b[1mNorth\u001b[22m')).toBe(5);
    for (const text of [WIDE, DECOMPOSED, 'North', `${WIDE} ${DECOMPOSED}`]) expect(visibleWidth(text)).toBe(columnsOf(text));
  });
});

describe('text tables', () => {
  it('line up whatever the script, accents composed or not, colour or not', () => {
    for (const color of [false, true]) {
      const lines = table(
        [{ header: 'locality' }, { header: 'cases', align: 'right' }, { header: 'note' }],
        [
          [WIDE, '16', 'a'],
          [DECOMPOSED, '7', 'b'],
          [`${WIDE}${WIDE}${WIDE}`, '1,204', 'c'],
          ['North', '3', 'd'],
        ],
        style(color),
      ).split('\n');
      const rows = lines.slice(2);
      // Indent 2, locality 12, gap 2, cases 5, gap 2: every note starts at column 23, after its space at 22.
      expect(rows.map((l) => columnOf(l, ' ' + l.trim().split(/\s+/).at(-1)))).toEqual([22, 22, 22, 22]);
      expect(new Set(rows.map((l) => columnsOf(l))).size).toBe(1);
      // The rule under the header is as wide as the widest cell of each column.
      const rule = lines[1]!.replace(/\u001b\[[0-9;]*m/g, '').trim().split(/\s+/);
      expect(rule.map((r) => r.length)).toEqual([12, 5, 4]);
    }
  });

  it('line up in check --by with a CJK and a decomposed locality', () => {
    const localities = [WIDE, DECOMPOSED, 'North'];
    const csv = cohortCsv({ n: 48 })
      .split('\n')
      .map((line, i) => line.replace(/,(North|South),/, `,${localities[i % 3]},`))
      .join('\n');
    const run = cli(['check', write(tempDir(), 'places.csv', csv), '--by', 'locality']);
    expect(run.stderr).not.toContain('internal error');
    const lines = run.stdout.split('\n');
    const head = lines.findIndex((l) => /^\s+locality\s+cases\s/.test(l));
    expect(head).toBeGreaterThan(-1);
    const rows = lines.slice(head + 2, head + 5);
    // The reader keeps values in NFC, so the decomposed spelling comes out composed: same columns.
    expect(rows.map((r) => r.trim().split(/\s{2,}/)[0]).sort()).toEqual(localities.map((l) => l.normalize('NFC')).sort());
    // The counts end under the end of their header, and the verdicts start under theirs, on every row.
    const casesEnd = columnOf(lines[head]!, 'cases') + 'cases'.length;
    const okAt = columnOf(lines[head]!, 'ok');
    for (const row of rows) {
      expect(columnOf(row, '16') + 2).toBe(casesEnd);
      expect(columnOf(row, '✗')).toBe(okAt);
    }
  });
});
