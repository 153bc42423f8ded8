import { Box, Text } from 'ink';
import { caseColumns, caseDetail } from './labels.js';
import { fitColumns, headerLine, rowLine, type Column } from './layout.js';
import { fit, visibleWidth } from './format.js';
import type { PickRow } from './selectors.js';

interface Row {
  pick: PickRow;
  number: number;
  selected: boolean;
}

const COLUMNS: Column<Row>[] = [
  { header: ' ', min: 1, max: 1, value: (r) => (r.selected ? '›' : ' ') },
  { header: '#', min: 1, max: 2, align: 'right', value: (r) => String(r.number) },
  { header: 'pinned', min: 6, max: 6, value: (r) => (r.pick.pinned ? 'pinned' : '') },
  ...caseColumns<Row>((r) => r.pick.case),
  { header: 'social care', min: 6, max: 16, optional: 1, grow: 5, value: (r) => r.pick.case.social_care ?? '–' },
  {
    header: 'covers',
    min: 7,
    max: Infinity,
    // A count reads better than a cut-off rule id; the detail line names them.
    value: (r, w) => {
      const all = r.pick.covers.join(', ');
      return visibleWidth(all) <= w || r.pick.covers.length < 2 ? all || '–' : `${r.pick.covers.length} rules`;
    },
  },
];

/**
 * The picks, one line each; the selected one marked with "›" (and shown inverse), pinned ones
 * with "pinned": nothing here is told by colour alone.
 */
export function PickTable({ rows, selected, width }: { rows: PickRow[]; selected: number; width: number }) {
  const shown = rows.map((pick, i) => ({ pick, number: i + 1, selected: i === selected }));
  const fitted = fitColumns(COLUMNS, width, shown);
  return (
    <Box flexDirection="column" width={width}>
      <Text bold underline wrap="truncate">
        {headerLine(fitted)}
      </Text>
      {shown.map((row) => (
        <Text key={row.pick.case.case_id} inverse={row.selected} color={row.pick.pinned ? 'cyan' : undefined} wrap="truncate">
          {rowLine(fitted, row)}
        </Text>
      ))}
    </Box>
  );
}

/** The selected pick in full, since the table's cells are cut to fit. */
export function PickDetail({ row, number, width }: { row: PickRow | undefined; number: number; width: number }) {
  if (!row) return <Text> </Text>;
  const covers = row.covers.length ? `covers ${row.covers.join(', ')}` : 'covers no rule on its own';
  return (
    <Text dimColor wrap="truncate">
      {fit(`#${number} ${row.case.case_id}${row.pinned ? ' (pinned)' : ''} ${covers} · ${caseDetail(row.case)}`, width)}
    </Text>
  );
}
