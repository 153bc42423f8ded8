import { Box, Text } from 'ink';
import type { Case } from '../../src/cohort/case.js';
import { AGE_BANDS, NEED_AREAS, NEED_AREA_SHORT, ageBandShort, type NeedArea } from '../../src/cohort/codes.js';
import { fit, fitRight } from './format.js';

const LABEL = 4;
/** Wide enough for a band's short label, " 11 to 15". */
const CELL = 9;
export const GRID_WIDTH = LABEL + AGE_BANDS.length * CELL;

/** Rows of the grid the picks need: the four broad areas, and "none" if a pick has no area. */
export function gridRows(picks: readonly Case[]): (NeedArea | null)[] {
  return picks.some((c) => c.need_area === null) ? [...NEED_AREAS, null] : [...NEED_AREAS];
}

/**
 * Where the picks sit by broad area of primary need and age band, as pick numbers; the
 * selected pick in brackets. An empty row shows at a glance which area no pick covers.
 */
export function CoverageGrid({ picks, selected }: { picks: Case[]; selected: number }) {
  const cell = (area: NeedArea | null, band: string) =>
    picks
      .map((c, i) => ({ c, i }))
      .filter(({ c }) => c.need_area === area && c.age_band === band)
      .map(({ i }) => (i === selected ? `[${i + 1}]` : String(i + 1)))
      .join(',') || '·';
  return (
    <Box flexDirection="column" width={GRID_WIDTH}>
      <Text bold wrap="truncate">
        {fit('need area by age band', GRID_WIDTH)}
      </Text>
      <Text underline wrap="truncate">
        {fit('', LABEL) + AGE_BANDS.map((b) => fitRight(ageBandShort(b), CELL)).join('')}
      </Text>
      {gridRows(picks).map((area) => {
        const cells = AGE_BANDS.map((b) => cell(area, b));
        const empty = cells.every((c) => c === '·');
        return (
          <Text key={area ?? 'none'} wrap="truncate" color={empty && area !== null ? 'red' : undefined}>
            {fit(area ? NEED_AREA_SHORT[area] : 'none', LABEL) + cells.map((c) => fitRight(c, CELL)).join('')}
          </Text>
        );
      })}
    </Box>
  );
}
