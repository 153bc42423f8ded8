/**
 * The identifier guard. The cohort must be anonymised (docs/cohort-format.md, "What must not
 * be in the file"): a column whose header says it holds names, dates of birth, addresses,
 * postcodes, UPNs, ULNs, NHS numbers, email addresses or telephone numbers, or a case_id shaped
 * like one of them, is a sign that the export was not anonymised.
 *
 * Headers are read as words (`headerWords` in src/spelling.ts), and a word that is several
 * known words run together ("dateofbirth", "nhsno") is split into them, so that a concept is
 * recognised by its words however it is spelled: "Name of Child", "Child's Name", "childName"
 * and "CHILD_NAME" are one. Choices, leaning towards as few false alarms as a careful analyst
 * would accept:
 * - "name" is a person's name when the word before it is about a person ("first", "last",
 *   "child", "pupil", "parent", "carer"…), when it stands alone, or when what it is the name of
 *   is a person ("Name of Child"). "School name", "Setting name", "Provider name", "Name of
 *   school" or "Key worker name" name an organisation, a place or a member of staff: fine.
 * - "locality", "la_code", "case ref", "child id", "pupil id" are fine: a system's own id is
 *   pseudonymous, which the contract allows. "Pupil number" is not flagged (it is not
 *   necessarily a UPN); "UPN", "unique pupil number" and "unique learner no" are.
 * - "NHS" alone (e.g. "NHS trust") is fine; "NHS number", "NHS no", "NHS #", "NHS id" are not.
 * - A postcode is "post" then "code" next to each other, so "Post-16 code" is fine.
 */
import { headerWords } from '../spelling.js';

/** Words that can run together in a header ("dateofbirth"), each with the words it stands for. */
const VOCABULARY = new Map<string, readonly string[]>([
  ...words('name first last middle full given family preferred legal known maiden birth christian nick as of'),
  ['names', ['name']], ['forename', ['first', 'name']], ['forenames', ['first', 'name']],
  ['surname', ['last', 'name']], ['surnames', ['last', 'name']], ['nickname', ['known', 'name']],
  ['initials', ['name']], ['aka', ['known', 'name']],
  ...words('child childs children pupil pupils student learner person persons young yp cyp parent parents carer carers'),
  ...words('mother mothers mum father fathers dad guardian sibling patient client user contact'),
  ...words('date dates day dob post postal code codes zip email emails mail address addresses addr line street home'),
  ...words('phone phones telephone tel mobile mob landline cell number numbers no num nbr nr id nhs upn upns uln ulns unique'),
  ...words('school setting provider team worker'),
]);

function words(list: string): [string, readonly string[]][] {
  return list.split(' ').map((w) => [w, [w]]);
}

/** A person, or a word that makes "name" a person's ("first name", "name of child"). */
const PERSON = new Set([
  'first', 'last', 'middle', 'full', 'given', 'family', 'preferred', 'legal', 'known', 'maiden', 'birth', 'christian',
  'child', 'childs', 'children', 'pupil', 'pupils', 'student', 'learner', 'person', 'persons', 'young', 'yp', 'cyp',
  'parent', 'parents', 'carer', 'carers', 'mother', 'mothers', 'mum', 'father', 'fathers', 'dad', 'guardian',
  'sibling', 'patient', 'client', 'user', 'contact',
]);
/** Words skipped when looking for the word next to "name": "Child's Name", "Name of the Child". */
const FILLER = new Set(['s', 'the', 'of', 'a', 'an', 'his', 'her', 'their', 'own', 'in', 'for']);
const NUMBER = new Set(['number', 'numbers', 'no', 'nos', 'num', 'nbr', 'nr', '#']);

/** Why a header looks like it holds personal identifiers, e.g. "dates of birth"; or null. */
export function identifierColumnReason(header: string): string | null {
  const w = conceptWords(header);
  if (w.length === 0) return null;
  const has = (word: string) => w.includes(word);
  const next = (a: string, test: (b: string) => boolean) => w.some((word, i) => word === a && test(w[i + 1] ?? ''));
  const numbered = (a: string, orId = false) => next(a, (b) => NUMBER.has(b) || (orId && b === 'id'));

  if (has('email') || next('e', (b) => b === 'mail') || next('mail', (b) => b === 'address' || b === 'addresses')) {
    return 'email addresses';
  }
  if (['phone', 'phones', 'telephone', 'tel', 'mobile', 'landline'].some(has) || numbered('mob') || numbered('contact') || numbered('cell')) {
    return 'telephone numbers';
  }
  if (next('post', (b) => b === 'code' || b === 'codes') || next('postal', (b) => b === 'code') || has('zip')) return 'postcodes';
  if (has('upn') || has('upns') || next('unique', (b) => b === 'pupil')) return 'UPNs (unique pupil numbers)';
  if (has('uln') || has('ulns') || next('unique', (b) => b === 'learner')) return 'ULNs (unique learner numbers)';
  if (numbered('nhs', true)) return 'NHS numbers';
  if (has('dob') || (has('birth') && (has('date') || has('dates') || has('day')))) return 'dates of birth';
  if (has('address') || has('addresses') || has('addr') || has('street')) return 'addresses';
  if (isName(w)) return 'names';
  return null;
}

/**
 * The header's words, with each word that is several known words run together split into
 * them ("dateofbirth" → date, of, birth). The whole header run together is split too, for
 * spellings whose words the separators cut oddly ("DoB", "e-mail").
 */
function conceptWords(header: string): string[] {
  const tokens = headerWords(header);
  const out: string[] = [];
  for (const token of tokens) out.push(...(known(token) ?? [token]));
  if (tokens.length > 1) {
    const whole = known(tokens.join(''));
    if (whole !== null && whole.length < out.length) return whole;
  }
  return out;
}

/** `text` as known words run together (fewest pieces), or null when it is not. */
function known(text: string): string[] | null {
  const direct = VOCABULARY.get(text);
  if (direct !== undefined) return [...direct];
  if (text.length > 40) return null;
  // best[i]: the fewest known words that make up text.slice(0, i).
  const best: (string[] | null)[] = [[]];
  for (let end = 1; end <= text.length; end++) {
    best[end] = null;
    for (let start = Math.max(0, end - 12); start < end; start++) {
      const before = best[start];
      const piece = VOCABULARY.get(text.slice(start, end));
      if (before === null || before === undefined || piece === undefined || text.slice(start, end).length < 2) continue;
      const candidate = [...before, ...piece];
      const current = best[end];
      if (current === null || current === undefined || candidate.length < current.length) best[end] = candidate;
    }
  }
  return best[text.length] ?? null;
}

/**
 * "name" is a person's when the word before it is about a person ("Child Name", "First
 * name"), or, when it comes first, when it stands alone ("Name", "Names 1") or what it is the
 * name of is a person ("Name of Child", but not "Name of Child's School"). "known as" is too.
 */
function isName(w: string[]): boolean {
  if (w.some((word, i) => word === 'known' && w[i + 1] === 'as')) return true;
  for (let i = 0; i < w.length; i++) {
    if (w[i] !== 'name') continue;
    let before = i - 1;
    while (before >= 0 && FILLER.has(w[before] as string)) before--;
    if (before >= 0) {
      if (PERSON.has(w[before] as string)) return true;
      continue;
    }
    const after = w.slice(i + 1).filter((word) => !FILLER.has(word) && !/^\d+$/.test(word));
    const head = after[after.length - 1];
    if (head === undefined || PERSON.has(head)) return true;
  }
  return false;
}

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
