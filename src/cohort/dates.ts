/**
 * Dates of birth, and the age they give on a date (`--age-on`). A date of birth is an
 * identifier: it is read here to work out an age and goes no further, so no function here puts
 * the date itself in what it returns, and callers never put it in a message.
 */

/** A calendar date, with no time of day or zone. */
export interface CalendarDate {
  y: number;
  m: number;
  d: number;
}

export function isoDate({ y, m, d }: CalendarDate): string {
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

function daysIn(y: number, m: number): number {
  return m === 2 ? (isLeap(y) ? 29 : 28) : [4, 6, 9, 11].includes(m) ? 30 : 31;
}

function real(y: number, m: number, d: number): CalendarDate | null {
  return m >= 1 && m <= 12 && d >= 1 && d <= daysIn(y, m) ? { y, m, d } : null;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** yyyy-mm-dd, as ISO 8601 and a spreadsheet's date cell give it (a time after it, as SQL exports add, is ignored). */
const ISO = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?Z?)?$/;
/** dd/mm/yyyy, always day first (the UK's way), with `/`, `-` or `.`; a 2-digit year is caught to say so. */
const DAY_FIRST = /^(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})$/;
/** 12 Mar 2015, 12-Mar-2015, 12 March 2015. */
const NAMED = /^(\d{1,2})[ -]([A-Za-z]{3,9})[ -](\d{4}|\d{2})$/;

export type DateReading = { ok: true; date: CalendarDate } | { ok: false; reason: string };

const EXPECTED = 'expected dd/mm/yyyy (day first) or yyyy-mm-dd';
const TWO_DIGIT = 'has a two-digit year, which could be either century; write the year in full (dd/mm/yyyy)';
const NOT_REAL = 'is not a real date (no such day in that month)';

/**
 * A date of birth as written in a CSV or a text cell: `dd/mm/yyyy` (day first, also with `-` or
 * `.`), `yyyy-mm-dd`, or `12 Mar 2015`. Reasons never repeat the value.
 */
export function parseDateOfBirth(raw: string): DateReading {
  const text = raw.trim();
  let m = ISO.exec(text);
  if (m !== null) return checked(Number(m[1]), Number(m[2]), Number(m[3]));
  m = DAY_FIRST.exec(text);
  if (m !== null) {
    if (m[4]!.length === 2) return { ok: false, reason: TWO_DIGIT };
    return checked(Number(m[4]), Number(m[3]), Number(m[1]));
  }
  m = NAMED.exec(text);
  if (m !== null) {
    const month = MONTHS.indexOf(m[2]!.slice(0, 3).toLowerCase()) + 1;
    const full = m[2]!.toLowerCase();
    const known = month > 0 && (full.length === 3 || 'january february march april may june july august september october november december'.split(' ').includes(full) || full === 'sept');
    if (known) {
      if (m[3]!.length === 2) return { ok: false, reason: TWO_DIGIT };
      return checked(Number(m[3]), month, Number(m[1]));
    }
  }
  return { ok: false, reason: `is not a date; ${EXPECTED}` };
}

function checked(y: number, m: number, d: number): DateReading {
  const date = real(y, m, d);
  return date === null ? { ok: false, reason: NOT_REAL } : { ok: true, date };
}

/**
 * Whole years from `birth` to `on`. A birthday is reached on its day; someone born on 29
 * February reaches it on 1 March in a year without one (as English law counts it), since
 * 28 February is still before the birthday.
 */
export function ageOn(birth: CalendarDate, on: CalendarDate): number {
  const before = on.m < birth.m || (on.m === birth.m && on.d < birth.d);
  return on.y - birth.y - (before ? 1 : 0);
}

/** The date --age-on names, resolved; or why it cannot be. */
export type AgeOnReading = { ok: true; date: string } | { ok: false; reason: string };

/**
 * `--age-on`: `YYYY-MM-DD`; `dfe:YYYY`, 31 August YYYY, the day before the academic year
 * YYYY/YY+1 starts, on which the school census counts ages; `dfe`, the latest 31 August on or
 * before `today` (the caller's clock, as a local calendar date).
 */
export function resolveAgeOn(value: string, today: Date): AgeOnReading {
  const text = value.trim().toLowerCase();
  if (text === 'dfe') {
    const y = today.getFullYear();
    const m = today.getMonth() + 1;
    const d = today.getDate();
    const afterAugust31 = m > 8 || (m === 8 && d >= 31);
    return { ok: true, date: isoDate({ y: afterAugust31 ? y : y - 1, m: 8, d: 31 }) };
  }
  const dfe = /^dfe:(\d{4})$/.exec(text);
  if (dfe !== null) return { ok: true, date: isoDate({ y: Number(dfe[1]), m: 8, d: 31 }) };
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (iso !== null) {
    const date = real(Number(iso[1]), Number(iso[2]), Number(iso[3]));
    if (date !== null) return { ok: true, date: isoDate(date) };
    return { ok: false, reason: `is not a real date` };
  }
  return { ok: false, reason: 'must be a date YYYY-MM-DD, dfe:YYYY (31 August YYYY), or dfe (the latest 31 August)' };
}

/** An ISO date known to be real (as resolveAgeOn gives it), as a CalendarDate. */
export function calendarDate(iso: string): CalendarDate {
  const [y, m, d] = iso.split('-').map(Number);
  return { y: y!, m: m!, d: d! };
}
