/**
 * Values shaped like personal identifiers: which case_ids the guard refuses (identifiers.ts
 * refuses the columns), which cells a problem must describe rather than quote, and the form a
 * withheld case_id takes. No imports, so that problems.ts can use it for every problem.
 */

// Values. Only the case_id column is checked (it is the one place a reference is expected),
// and a value is described, never shown, wherever it would be: a problem with any cell shaped
// like an identifier names the shape instead of the value.
//
// A value is looked at as written and without its separators, so that "SW1A  1AA",
// "SW1A-1AA", "A 1234 5678 9012" and "943  476 5919" are the postcode, UPN and NHS number they
// look like, and a date keeps its shape with a time after it ("07/03/2015 00:00"). A bare run
// of 8 digits (yyyymmdd) is not flagged, since many case-management systems number cases
// that way; a run of 10 digits is judged for the whole file (see TenDigitIds).

const UPN = /^[A-Z]\d{11}[A-Z0-9]$/;
const POSTCODE = /^(?:GIR0AA|[A-Z]{1,2}\d[A-Z\d]?\d[A-Z]{2})$/;
const DMY = /^(\d{1,2})[/.\- ](\d{1,2})[/.\- ](\d{4}|\d{2})$/;
const YMD = /^(\d{4})[/.\- ](\d{1,2})[/.\- ](\d{1,2})$/;
const MONTH_WORD = /jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec/i;
const MONTH = '(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\\.?';
const DAY = '\\d{1,2}(?:st|nd|rd|th)?';
const NAMED_MONTH = new RegExp(`^(?:${DAY}[ ./\\-]?${MONTH}[ ./\\-]?,?[ ]?(?:\\d{4}|\\d{2})|${MONTH}[ ./\\-]?${DAY},?[ ./\\-]?\\d{4})$`, 'i');
/** A time after a date, as spreadsheets and databases write it: " 00:00", "T09:30:00Z", " 9.30 am". */
const TIME = /(?:[ T]\d{1,2}[:.]\d{2}(?:[:.]\d{2}(?:\.\d+)?)?(?: ?[ap]\.?m\.?)?(?: ?(?:z|utc|gmt|[+-]\d{2}:?\d{2}))?)$/i;
const NHS_GROUPED = /^\d{3} \d{3} \d{4}$/;
/**
 * A National Insurance number as HMRC allocates them: two prefix letters (neither D, F, I, Q,
 * U or V, the second not O, and not BG, GB, KN, NK, NT, TN or ZZ), six digits and the suffix
 * letter A to D, however spaced ("AB 12 34 56 C"). The suffix is required: two letters and six
 * digits alone is a common shape of case reference.
 */
const NINO = /^(?!BG|GB|KN|NK|NT|TN|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]\d{6}[A-D]$/;
const PHONE = /^(?:0[1-9]\d{9}|44[1-9]\d{9})$/;
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

/**
 * The shape a case_id has if it looks like a personal identifier ("a UPN (a letter and 12
 * digits)"), or null. The value itself is never put in a message.
 */
export function identifierValueShape(value: string): string | null {
  // One pass counts what the value is made of; most references leave at the first test after it.
  let digits = 0;
  let letters = 0;
  let separators = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c >= 48 && c <= 57) digits++;
    else if ((c | 32) >= 97 && (c | 32) <= 122) letters++;
    else if (c === 64) return EMAIL.test(value.trim()) ? 'an email address' : null;
    else separators++;
  }
  if (digits === 0) return null;
  // Each shape has its own counts; a regular expression runs only where they fit.
  if (letters > 0) {
    if (digits + letters === 13 && letters <= 2 && UPN.test(compact(value))) return 'a UPN (a letter and 12 digits)';
    if (digits >= 2 && digits <= 3 && letters >= 3 && letters <= 5 && POSTCODE.test(compact(value))) return 'a postcode';
    if (digits === 6 && letters === 3 && NINO.test(compact(value))) return 'a National Insurance number';
    // A date with letters has a month's name or a time ("T09:30", "9.30 am").
    if (separators > 0 && (value.includes(':') || (digits <= 6 && letters >= 3 && MONTH_WORD.test(value))) && isDate(spaced(value))) return 'a date';
    return null;
  }
  if (separators === 0) return null;
  if ((digits <= 8 || value.includes(':')) && separators >= 2 && isDate(spaced(value))) return 'a date';
  if (digits === 10 && NHS_GROUPED.test(spaced(value).replace(/[^\d]+/g, ' '))) return 'an NHS number';
  if ((digits === 11 || digits === 12) && PHONE.test(compact(value)) && (value.includes('+') || digits < 12)) {
    return 'a telephone number';
  }
  return null;
}

/** The letters and digits alone, upper-cased: "sw1a-1aa" → "SW1A1AA". */
function compact(value: string): string {
  return value.replace(/[^A-Za-z0-9]+/g, '').toUpperCase();
}

/** Trimmed, white space as single spaces, none around a separator, and no time at the end. */
function spaced(value: string): string {
  return value.trim().replace(/\s+/g, ' ').replace(/ ?([/.\-,]) ?/g, '$1').replace(TIME, '');
}

function isDate(value: string): boolean {
  let m = DMY.exec(value);
  if (m !== null) {
    const a = Number(m[1]);
    const b = Number(m[2]);
    // dd/mm or mm/dd: either reading that is a real day and month counts.
    return a >= 1 && b >= 1 && ((a <= 31 && b <= 12) || (a <= 12 && b <= 31));
  }
  m = YMD.exec(value);
  if (m !== null) {
    const month = Number(m[2]);
    const day = Number(m[3]);
    return month >= 1 && month <= 12 && day >= 1 && day <= 31;
  }
  return NAMED_MONTH.test(value);
}

/**
 * Whether a value is 10 digits (perhaps with separators) whose last is the NHS number check
 * digit of the first nine (modulus 11, weights 10 down to 2). About 1 in 11 arbitrary 10-digit
 * references pass too, which is why one such id is not enough to call it an NHS number.
 */
export function hasNhsCheckDigit(value: string): boolean {
  let sum = 0;
  let seen = 0;
  let last = -1;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      if (seen < 9) sum += (c - 48) * (10 - seen);
      else last = c - 48;
      seen++;
      if (seen > 10) return false;
    } else if (c !== 32 && c !== 45) {
      return false;
    }
  }
  if (seen !== 10) return false;
  const check = (11 - (sum % 11)) % 11;
  return check !== 10 && check === last;
}

/** Whether a value is 10 digits, perhaps with spaces or dashes between them. */
export function isTenDigits(value: string): boolean {
  if (value.length < 10 || value.length > 14) return false;
  let seen = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c >= 48 && c <= 57) seen++;
    else if (c !== 32 && c !== 45) return false;
  }
  return seen === 10;
}

/**
 * The shape of a value that must not be shown (a case_id or any cell quoted in a problem), or
 * null when it may be. Stricter than the case_id guard: any 10-digit value with a valid NHS
 * check digit is withheld, whatever the rest of the file holds.
 */
export function withheldShape(value: string): string | null {
  return identifierValueShape(value) ?? (hasNhsCheckDigit(value) ? 'an NHS number (10 digits with a valid check digit)' : null);
}

/**
 * The case_id a row gets when its own is withheld: `line#12`. The `#` is outside every
 * accepted case_id (CASE_ID_PATTERN), so a replaced id can never be taken for, or clash
 * with, a real one such as `line-12`.
 */
export function maskedId(line: number): string {
  return `line#${line}`;
}

/** How a replaced case_id is described in messages. */
export const MASKED = 'line#<N> (N the line number)';
