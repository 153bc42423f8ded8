/**
 * The identifier guard. The cohort must be anonymised (docs/cohort-format.md, "What must not
 * be in the file"): a column whose header says it holds names, dates of birth, addresses,
 * postcodes, UPNs, ULNs, NHS numbers, email addresses or telephone numbers, or a case_id shaped
 * like a UPN, a date or a postcode, is a sign that the export was not anonymised.
 *
 * Choices, leaning towards as few false alarms as a careful analyst would accept:
 * - "name" alone, or "name" after a word about a person (first, last, full, child, pupil,
 *   parent, carer…) is a name column; "team name", "school name", "setting name" or
 *   "provider name" name an organisation and are fine.
 * - "locality", "la_code", "case ref", "child id", "pupil id" are fine: a system's own id is
 *   pseudonymous, which the contract allows. "Pupil number" is not flagged (it is not
 *   necessarily a UPN); "UPN" and "unique pupil number" are.
 * - "NHS" alone (e.g. "NHS trust") is fine; "NHS number", "NHS no", "NHS id" are not.
 * - Values: only the case_id column is checked (it is the one place a reference is
 *   expected). A bare run of 10 digits (an NHS number or ULN without spaces) or of 8 digits
 *   (yyyymmdd) is not flagged, since many case-management systems number cases that way; the
 *   spaced or hyphenated NHS number form ("943 476 5919") is.
 */
import { makeProblem, where, type CohortProblem } from './problems.js';

/** Why a header looks like it holds personal identifiers, e.g. "dates of birth"; or null. */
export function identifierColumnReason(header: string): string | null {
  const words = header
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w !== '');
  if (words.length === 0) return null;
  const joined = words.join('');
  const has = (...ws: string[]) => ws.some((w) => words.includes(w));

  if (joined.includes('email')) return 'email addresses';
  if (has('telephone', 'phone', 'mobile', 'tel', 'landline', 'telno', 'phonenumber', 'mobilenumber') ||
    /phone|contactnumber/.test(joined)) {
    return 'telephone numbers';
  }
  if (/postcode|postalcode|zipcode/.test(joined) || has('zip')) return 'postcodes';
  if (has('upn', 'upns') || joined.includes('uniquepupilnumber')) return 'UPNs (unique pupil numbers)';
  if (has('uln', 'ulns') || joined.includes('uniquelearnernumber')) return 'ULNs (unique learner numbers)';
  if (/nhs(number|no|num|id)/.test(joined)) return 'NHS numbers';
  if (has('dob') || /dateofbirth|birthdate|birthday/.test(joined) || joined === 'dob') return 'dates of birth';
  if (has('address', 'addr', 'street') || /address/.test(joined)) return 'addresses';
  if (isNameColumn(words, joined)) return 'names';
  return null;
}

const NAME_WORDS = new Set([
  'forename', 'forenames', 'surname', 'surnames', 'firstname', 'lastname', 'fullname', 'givenname',
  'familyname', 'middlename', 'childname', 'pupilname', 'studentname', 'preferredname', 'initials',
]);
/** Words that, before "name", make it a person's name rather than an organisation's. */
const PERSON_WORDS = new Set([
  'first', 'last', 'full', 'given', 'family', 'middle', 'preferred', 'legal', 'known', 'maiden',
  'child', 'childs', 'pupil', 'pupils', 'student', 'learner', 'person', 'persons', 'young', 'yp',
  'cyp', 'parent', 'parents', 'carer', 'carers', 'mother', 'father', 'guardian', 'contact',
]);

function isNameColumn(words: string[], joined: string): boolean {
  if (words.some((w) => NAME_WORDS.has(w)) || NAME_WORDS.has(joined)) return true;
  if (joined === 'name' || joined === 'names' || joined === 'knownas') return true;
  const last = words[words.length - 1];
  if (last === 'name' || last === 'names') return words.slice(0, -1).some((w) => PERSON_WORDS.has(w));
  return false;
}

const UPN = /^[A-Za-z]\d{11}[A-Za-z0-9]$/;
const POSTCODE = /^(?:GIR ?0AA|[A-Za-z]{1,2}\d[A-Za-z\d]? ?\d[A-Za-z]{2})$/;
const DMY = /^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4}|\d{2})$/;
const YMD = /^(\d{4})[/.\-](\d{1,2})[/.\-](\d{1,2})$/;
const NAMED_MONTH = /^\d{1,2}[ ./\-]?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*[ ./\-]?(?:\d{4}|\d{2})$/i;
const NHS_SPACED = /^\d{3}[ -]\d{3}[ -]\d{4}$/;
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

/**
 * The shape a case_id has if it looks like a personal identifier ("a UPN (a letter and 12
 * digits)"), or null. The value itself is never put in a message.
 */
export function identifierValueShape(value: string): string | null {
  // Cheap exits first: this runs on every row.
  if (value.includes('@') && EMAIL.test(value)) return 'an email address';
  const first = value.charCodeAt(0);
  const isDigit = first >= 48 && first <= 57;
  if (!isDigit) {
    const length = value.length;
    if (length === 13 && UPN.test(value)) return 'a UPN (a letter and 12 digits)';
    if (length >= 5 && length <= 8 && POSTCODE.test(value)) return 'a postcode';
    return null;
  }
  if (isDate(value)) return 'a date';
  if (NHS_SPACED.test(value)) return 'an NHS number';
  return null;
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

/** What the guard asks of every cohort file, said in each of its refusals. */
export const ANONYMISED =
  'the cohort file must be anonymised (no names, dates of birth, addresses, postcodes, UPNs, ULNs, NHS numbers, email addresses or telephone numbers)';

/** A refused or withheld column (by its header), or, with a line, a refused case_id there. */
export function identifierProblem(file: string, header: string, reason: string, line: number | null = null, sheet?: string): CohortProblem {
  const subject = line === null ? `${file}: column '${header}'` : `${where(file, line, sheet)}, ${header}:`;
  return makeProblem({ kind: 'identifier', file, line, column: header, reason, subject, sheet: sheet ?? null });
}
