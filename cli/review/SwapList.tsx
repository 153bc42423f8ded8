import { Box, Text } from 'ink';
import type { Case } from '../../src/cohort/case.js';
import { ageBandShort } from '../../src/cohort/codes.js';
import type { SwapOption } from '../../src/solver/swap.js';
import { agree, plural } from '../../src/words.js';
import { fit, truncate } from './format.js';
import { caseColumns, needLabel } from './labels.js';
import { fitColumns, headerLine, rowLine, type Column } from './layout.js';
import type { SwapView } from './types.js';

interface Row {
  option: SwapOption;
  selected: boolean;
}

const COLUMNS: Column<Row>[] = [
  { header: ' ', min: 1, max: 1, value: (r) => (r.selected ? '›' : ' ') },
  ...caseColumns<Row>((r) => r.option.case),
  { header: 'locality', min: 6, max: 14, optional: 1, grow: 5, value: (r) => r.option.case.locality ?? '–' },
  {
    header: 'rules',
    min: 9,
    max: Infinity,
    grow: 4,
    value: (r) => (r.option.breaks.length ? `✗ ${r.option.breaks.join(', ')}` : '✓ all met'),
  },
];

/** Which rows to show: the cursor kept in the middle where it can be. */
export function windowStart(cursor: number, length: number, height: number): number {
  return Math.max(0, Math.min(cursor - Math.floor(height / 2), length - height));
}

/** What the swap list shows: the counts, and only the rows on screen. */
export interface SwapListProps {
  index: number;
  pick: Case;
  /** Cases that keep every rule, before filtering. */
  fits: number;
  /** Cases that break a rule (null: not computed yet). */
  breaking: number | null;
  showBreaking: boolean;
  filter: string;
  /** After filtering: how many keep every rule, and how many rows in all. */
  visibleFits: number;
  total: number;
  /** The rows on screen, the first at position `start` of the filtered list. */
  rows: SwapOption[];
  start: number;
  cursor: number;
  width: number;
  height: number;
}

/** Rows of the list that fit in `height`, below its title, filter and column lines. */
export function swapRowsRoom(height: number): number {
  return Math.max(1, height - 3);
}

/** The props for a view of the list: the window around the cursor, never the whole list. */
export function swapListProps(view: SwapView, pick: Case, width: number, height: number): SwapListProps {
  const room = swapRowsRoom(height);
  const start = windowStart(view.cursor, view.visible.length, room);
  return {
    index: view.index,
    pick,
    fits: view.fits.length,
    breaking: view.breaking?.length ?? null,
    showBreaking: view.showBreaking,
    filter: view.filter,
    visibleFits: view.visibleFits,
    total: view.visible.length,
    rows: view.visible.slice(start, start + room),
    start,
    cursor: view.cursor,
    width,
    height,
  };
}

/**
 * The cases that can replace a pick, fitting ones first, in the seeded order the solver gave
 * them; only the rows on screen are rendered, so a list of 100,000 costs no more than ten.
 */
export function SwapList(props: SwapListProps) {
  const { index, pick, fits, showBreaking, filter, visibleFits, total, rows, start, cursor, width, height } = props;
  // Widths from the rows on screen, so columns settle as the list scrolls but never wrap.
  const fitted = fitColumns(COLUMNS, width, rows.map((option): Row => ({ option, selected: false })));
  const breakingCount = showBreaking ? total - visibleFits : props.breaking;
  const title = `Replace #${index + 1} ${pick.case_id} · ${needLabel(pick)} ${ageBandShort(pick.age_band)} ${pick.setting} · ${plural(
    fits,
    'case keeps',
    'cases keep',
  )} every rule, seeded order`;
  const filterLine = [
    `filter: ${filter}▏`,
    filter ? `${plural(visibleFits, 'match', 'matches')} that ${agree(visibleFits, 'keeps', 'keep')} every rule` : null,
    showBreaking ? `showing ${plural(breakingCount ?? 0, 'case')} that break a rule (Tab hides)` : 'Tab shows cases that break a rule',
  ]
    .filter(Boolean)
    .join(' · ');
  return (
    <Box flexDirection="column" width={width} height={height}>
      <Text bold wrap="truncate">
        {truncate(title, width)}
      </Text>
      <Text wrap="truncate">{fit(filterLine, width)}</Text>
      <Text bold underline wrap="truncate">
        {headerLine(fitted)}
      </Text>
      {rows.length === 0 ? (
        <Text color="yellow" wrap="truncate">
          {fit(
            filter
              ? `No case matches "${filter}"${showBreaking ? '' : ' and keeps every rule (Tab shows the others)'}.`
              : showBreaking
                ? 'No other case is left in the cohort.'
                : 'No case can take this place with every rule still met: Tab shows the cases that break a rule.',
            width,
          )}
        </Text>
      ) : null}
      {rows.map((option, i) => {
        const selected = start + i === cursor;
        return (
          <Text key={option.case.case_id} inverse={selected} color={option.breaks.length ? 'red' : undefined} wrap="truncate">
            {rowLine(fitted, { option, selected })}
          </Text>
        );
      })}
    </Box>
  );
}
