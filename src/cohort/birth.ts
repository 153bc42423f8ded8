/**
 * Ages from dates of birth (`--age-on`). A file with a date-of-birth column and no age can be
 * read when the identifier guard is told to go on (`--allow-identifiers`): the column is still
 * withheld, and its dates are read only to give each row's age in whole years on the date
 * named, then dropped. Nothing here returns or reports a date of birth, only the age or why
 * there is none.
 */
import { MAX_AGE, MIN_AGE } from './codes.js';
import { ageOn, calendarDate, parseDateOfBirth, type CalendarDate } from './dates.js';
import { DATES_OF_BIRTH } from './identifiers.js';
import { fileError } from './problems.js';
import { REASONS, type RawRow } from './row-schema.js';

export interface BirthPlan {
  /** The date-of-birth column's position in the record. */
  at: number;
  /** The column as messages name it (never with a value). */
  label: string;
  on: CalendarDate;
  /** `on` as yyyy-mm-dd. */
  onText: string;
}

interface Flagged {
  at: number;
  header: string;
  reason: string;
}

/**
 * At the header: with `ageOn`, the one date-of-birth column ages come from (refusing a file
 * with none, more than one, or ages as well); and, for a file with dates of birth and no age
 * read without `ageOn`, a hint for the refusal that names --age-on.
 */
export function planBirth(
  headers: readonly string[],
  ageAt: number,
  flagged: readonly Flagged[],
  ageOnDate: string | undefined,
  file: string,
  sheet: string | undefined,
): { birth: BirthPlan | null; hint: string } {
  const births = flagged.filter((f) => f.reason === DATES_OF_BIRTH);
  const hasAge = ageAt !== -1 && !flagged.some((f) => f.at === ageAt);
  if (ageOnDate === undefined) {
    const hint =
      births.length > 0 && !hasAge
        ? '; with no age column, --allow-identifiers --age-on DATE works each age out from the dates of birth (which are then withheld)'
        : '';
    return { birth: null, hint };
  }
  if (births.length === 0) {
    const named = headers.filter((h) => h !== '').map((h) => `'${h}'`).join(', ');
    throw fileError(file, `has no date-of-birth column (such as 'Date of birth' or 'DOB') for --age-on to work ages out from; its columns are: ${named}`, { kind: 'header' });
  }
  if (hasAge) {
    throw fileError(
      file,
      `has both ages ('${headers[ageAt] ?? ''}') and dates of birth ('${births[0]!.header}'): --age-on is for a file with dates of birth and no age; leave it out to read the ages as given`,
      { kind: 'header' },
    );
  }
  if (births.length > 1) {
    throw fileError(file, `has more than one date-of-birth column (${births.map((b) => `'${b.header}'`).join(', ')}); --age-on needs exactly one`, { kind: 'header' });
  }
  const { at, header } = births[0]!;
  return {
    birth: { at, label: sheet === undefined ? `date of birth ('${header}')` : `column "${header}"`, on: calendarDate(ageOnDate), onText: ageOnDate },
    hint: '',
  };
}

/** What the warning about the withheld date-of-birth column says it was used for. */
export function birthWithheld(birth: BirthPlan): string {
  return `withheld: its dates are used only to work out each age on ${birth.onText} (--age-on), and are not kept, shown or written`;
}

/**
 * Sets the row's age from its date of birth; or leaves the age empty and returns why (the
 * row's age problem then gives that reason, and no value).
 */
export function setAgeFromBirth(raw: RawRow, text: string | undefined, birth: BirthPlan): string | null {
  raw.age = undefined;
  if (text === undefined) return REASONS.missing;
  const reading = parseDateOfBirth(text);
  if (!reading.ok) return `${reading.reason} (the date is withheld)`;
  const age = ageOn(reading.date, birth.on);
  if (age < 0) return `is after ${birth.onText}, the date ages are worked out on (--age-on)`;
  if (age < MIN_AGE || age > MAX_AGE) return `gives an age of ${age} on ${birth.onText}; ages must be ${MIN_AGE} to ${MAX_AGE}`;
  raw.age = String(age);
  return null;
}
