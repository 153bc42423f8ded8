/** How a case's fields read in narrow cells; the full values are in the detail line and the files. */
import type { Case } from '../../src/cohort/case.js';
import { NEED_AREA_LABELS, NEED_AREA_SHORT, ageBandShort, type AgeBand } from '../../src/cohort/codes.js';
import type { Column } from './layout.js';

export function needLabel(c: Case): string {
  return `${c.primary_need} ${c.need_area ? NEED_AREA_SHORT[c.need_area] : '–'}`;
}

export function senLabel(c: Case, width: number): string {
  return c.sen_status === 'SEN support' && width < 11 ? 'SEN sup' : c.sen_status;
}

/** Everything about a case on one line, for the selected row. */
export function caseDetail(c: Case): string {
  const area = c.need_area ? ` (${NEED_AREA_LABELS[c.need_area]})` : ' (no broad area)';
  const second = c.secondary_need ? `, 2nd need ${c.secondary_need}` : '';
  const parts = [
    `age ${c.age}`,
    c.sen_status,
    `${c.primary_need}${area}${second}`,
    c.setting,
    c.service_stage,
    `social care ${c.social_care ?? '–'}`,
    c.locality ?? null,
    c.health_services.length ? c.health_services.join(';') : null,
    `line ${c.line}`,
  ];
  return parts.filter((p) => p !== null).join(' · ');
}

/** The columns every list of cases shares: picks, swap options. */
export function caseColumns<T>(get: (row: T) => Case): Column<T>[] {
  return [
    { header: 'case', min: 8, max: 14, grow: 0, value: (r) => get(r).case_id },
    // The band's label, or without "Age " where the column is narrow (its header says age).
    { header: 'age', min: 8, max: 11, value: (r, w) => bandLabel(get(r).age_band, w) },
    { header: 'SEN', min: 7, max: 11, grow: 6, value: (r, w) => senLabel(get(r), w) },
    { header: 'need', min: 8, max: 10, grow: 2, value: (r) => needLabel(get(r)) },
    { header: 'setting', min: 9, max: 20, grow: 3, value: (r) => get(r).setting },
    { header: 'stage', min: 8, max: 11, grow: 1, value: (r) => get(r).service_stage },
  ];
}

/** "Age 5 to 10", or "5 to 10" in fewer than 11 columns: never "5-10", which reads as a date. */
export function bandLabel(band: AgeBand, width: number): string {
  return width >= band.length ? band : ageBandShort(band);
}
