/**
 * The review screen's columns by display width: a locality in CJK (two columns a character)
 * or with a decomposed accent (none for the accent) neither pushes the next column out of line
 * nor makes a line wider than the screen. Measured on the rendered screen (ink-testing-library)
 * with the tests' own column count, not the code's.
 */
import { cleanup, render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { fit, truncate, truncateStart } from '../../cli/review/format.js';
import { SwapList, type SwapListProps } from '../../cli/review/SwapList.js';
import { makeCase } from '../helpers/cases.js';
import { DECOMPOSED, WIDE, columnOf, columnsOf } from '../helpers/columns.js';

afterEach(cleanup);

// eslint-disable-next-line no-control-regex
const plain = (s: string | undefined) => (s ?? '').replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '');

describe('cutting and padding to display columns', () => {
  it('fits wide and decomposed text to exactly the width asked', () => {
    for (const text of [WIDE, DECOMPOSED, `${WIDE}${WIDE}${WIDE}${WIDE}`, `${DECOMPOSED} ${DECOMPOSED}`, 'North']) {
      for (let width = 1; width <= 20; width++) expect(columnsOf(fit(text, width))).toBe(width);
    }
  });

  it('never splits a letter from its accent, nor cuts through a wide character', () => {
    expect(truncate(DECOMPOSED, 7)).toBe('Ynys M…');
    expect(truncate(DECOMPOSED, 8)).toBe(DECOMPOSED);
    expect(truncate('Mo\u0302n Mo\u0302n', 4)).toBe('Mo\u0302n…');
    // 東区東区 is 8 columns: in 6, two characters (4 columns) and "…", a column short.
    expect(truncate(`${WIDE}${WIDE}`, 6)).toBe(`${WIDE}…`);
    expect(fit(`${WIDE}${WIDE}`, 6)).toBe(`${WIDE}… `);
    expect(truncateStart(`${WIDE}${WIDE}ab`, 7)).toBe(`…${WIDE}ab`);
    expect(truncateStart(`${WIDE}${WIDE}ab`, 6)).toBe('…区ab');
  });
});

describe('the swap list', () => {
  const localities = [WIDE, DECOMPOSED, 'North', `${WIDE}${WIDE}${WIDE}${WIDE}${WIDE}`, null];
  const options = localities.map((locality, i) => ({
    case: makeCase({ case_id: `C00${i}`, locality, setting: 'special' }),
    breaks: [],
  }));

  function props(width: number): SwapListProps {
    return {
      index: 0,
      pick: options[0]!.case,
      fits: options.length,
      breaking: null,
      showBreaking: false,
      filter: '',
      visibleFits: options.length,
      total: options.length,
      rows: options,
      start: 0,
      cursor: 0,
      width,
      height: 12,
    };
  }

  it.each([
    [100, true],
    [80, true],
    [70, false],
  ])('keeps the locality column and the next in line at %i columns', (width, whole) => {
    const frame = plain(render(<SwapList {...props(width)} />).lastFrame());
    const lines = frame.split('\n');
    // The title, the filter line, then the column headers (`locality` may be cut to fit).
    const head = 2;
    expect(lines[head], frame).toMatch(/^ +case .*\blocal.* rules/);
    const rows = lines.slice(head + 1, head + 1 + options.length);
    expect(rows).toHaveLength(options.length);
    const rulesAt = columnOf(lines[head]!, 'rules');
    for (const row of rows) {
      expect(columnOf(row, '✓ all met'), frame).toBe(rulesAt);
      expect(columnsOf(row)).toBeLessThanOrEqual(width);
    }
    // Where there is room the short localities are shown whole; the long one is always cut, with "…".
    expect(rows[0]).toContain(WIDE);
    if (whole) expect(rows[1]).toContain(DECOMPOSED);
    else expect(rows[1]).toContain('Ynys M…');
    expect(rows[3]).toMatch(/[東区]…/);
  });
});
