import { Box, Text } from 'ink';
import type { Case } from '../../src/cohort/case.js';
import type { Reserve } from '../../src/solver/swap.js';
import { fit } from './format.js';
import { bandLabel, needLabel } from './labels.js';
import { fitColumns, rowLine, type Column } from './layout.js';

interface Row {
  reserve: Reserve;
  number: number;
  picks: readonly Case[];
}

/** "for 1,3" (the picks it can replace, every rule still met), "for any", or "for none". */
function replacesText(r: Reserve, picks: readonly Case[]): string {
  if (r.replaces.length === 0) return 'for none';
  if (r.replaces.length === picks.length && picks.length > 1) return 'for any';
  const numbers = r.replaces.map((id) => picks.findIndex((c) => c.case_id === id) + 1);
  return `for ${numbers.join(',')}`;
}

const COLUMNS: Column<Row>[] = [
  { header: '', min: 2, max: 3, value: (r) => `R${r.number}` },
  { header: '', min: 8, max: 14, grow: 0, value: (r) => r.reserve.case.case_id },
  { header: '', min: 8, max: 10, grow: 1, value: (r) => needLabel(r.reserve.case) },
  { header: '', min: 8, max: 11, optional: 3, value: (r, w) => bandLabel(r.reserve.case.age_band, w) },
  { header: '', min: 9, max: 20, optional: 2, grow: 3, value: (r) => r.reserve.case.setting },
  { header: '', min: 8, max: 11, optional: 1, grow: 4, value: (r) => r.reserve.case.service_stage },
  { header: '', min: 11, max: Infinity, grow: 0, value: (r) => replacesText(r.reserve, r.picks) },
];

/**
 * The reserves in order (a dropped pick is replaced by the first that keeps every rule met),
 * each with the picks it can replace now.
 */
export function Reserves({ reserves, picks, width, height }: { reserves: Reserve[]; picks: Case[]; width: number; height: number }) {
  const rows = reserves.slice(0, Math.max(0, height - 1)).map((reserve, i) => ({ reserve, number: i + 1, picks }));
  const hidden = reserves.length - rows.length;
  const fitted = fitColumns(COLUMNS, width, rows);
  return (
    <Box flexDirection="column" width={width}>
      <Text bold wrap="truncate">
        {fit(`reserves (${reserves.length})${hidden > 0 ? `, ${hidden} not shown` : ''}`, width)}
      </Text>
      {reserves.length === 0 ? <Text dimColor>{fit('none', width)}</Text> : null}
      {rows.map((row) => (
        <Text key={row.reserve.case.case_id} wrap="truncate" dimColor={row.reserve.replaces.length === 0}>
          {rowLine(fitted, row)}
        </Text>
      ))}
    </Box>
  );
}
