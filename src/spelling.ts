/**
 * How text is folded before it is compared: the one place that decides which spellings are
 * the same (csv-parse keeps its option spellings in one `normalize_options` for the same
 * reason). Every comparison of a header, a rule's column, a code or a mapping key goes
 * through one of these, so a change to what counts as "the same" is made here once.
 *
 * | what                     | fold              | case | surrounding spaces | inner ` ` `_` `-` | `/` |
 * | ------------------------ | ----------------- | ---- | ------------------ | ----------------- | --- |
 * | a cohort header          | `foldHeader`      | no   | no                 | removed           | kept |
 * | a rule's column name     | `foldRuleColumn`  | no   | no                 | removed           | kept |
 * | a code or value spelling | `foldSpelling`    | no   | no                 | removed           | removed |
 * | a mapping file value key | `foldValueKey`    | no   | no                 | kept              | kept |
 *
 * A header is also read as words (`headerWords`), for the identifier guard, which recognises
 * what a column holds by its words ("Name of Child", "NHS #") rather than by whole spellings.
 *
 * A rule's column folds as a header does, so a rule names a column as the file may:
 * `healthservices`, `Health Services` and `health_services` are one. Every fold first puts
 * the text in Unicode NFC, so `Ynys Môn` typed with a combining accent and with a composed `ô`
 * is one value.
 */

const SEPARATORS = /[\s_-]+/g;
const SEPARATORS_AND_SLASH = /[\s_\-/]+/g;
const NOT_ASCII = /[^\x00-\x7f]/;

/**
 * Unicode NFC. Most values are ASCII, already in NFC, and this runs per value of a national
 * file, so those skip the normaliser.
 */
export function nfc(text: string): string {
  return NOT_ASCII.test(text) ? text.normalize('NFC') : text;
}

/** `Case ID`, `case_id` and `CASE-ID` are one column (a byte-order mark is white space). */
export function foldHeader(name: string): string {
  return nfc(name).trim().toLowerCase().replace(SEPARATORS, '');
}

/** A rule's `column`, folded as a header is: `Need Area`, `need-area` and `needarea` are one. */
export function foldRuleColumn(name: string): string {
  return foldHeader(name);
}

/**
 * Codes compare case-insensitively and ignoring surrounding spaces; spellings compare with
 * spaces, `_`, `-` and `/` folded as well, since exports write "Pupil Referral Unit",
 * "pupil-referral-unit" and "PUPIL_REFERRAL_UNIT" for the same thing.
 */
export function foldSpelling(value: string): string {
  return nfc(value).trim().toLowerCase().replace(SEPARATORS_AND_SLASH, '');
}

/** How mapping value keys compare: case-insensitively, ignoring surrounding spaces. */
export function foldValueKey(value: string): string {
  return nfc(value).trim().toLowerCase();
}

const CAMEL = /([a-z])([A-Z])/g;
const ACRONYM = /([A-Z]+)([A-Z][a-z])/g;
const LETTER_DIGIT = /(\p{L})(\p{N})|(\p{N})(\p{L})/gu;
const WORD = /[\p{L}\p{N}]+|#/gu;
const POSSESSIVE = /(\p{L})['’`](s)(?!\p{L})/giu;

/**
 * A header as lower-case words: split at spaces and punctuation, between a lower-case and an
 * upper-case letter (`childName`), after an acronym (`NHSNumber`) and between letters and
 * digits (`Address1`). "Child's" is one word, `childs`. A `#` is a word of its own ("NHS #"). Runs of single letters are one
 * word, so `D.O.B.` and `U P N` read as `dob` and `upn`.
 */
export function headerWords(header: string): string[] {
  const split = nfc(header)
    .replace(POSSESSIVE, '$1$2')
    .replace(CAMEL, '$1 $2')
    .replace(ACRONYM, '$1 $2')
    .replace(LETTER_DIGIT, (_, a?: string, b?: string, c?: string, d?: string) => (a !== undefined ? `${a} ${b}` : `${c} ${d}`))
    .toLowerCase();
  const words: string[] = [];
  let letters = '';
  for (const word of split.match(WORD) ?? []) {
    if (word.length === 1 && word !== '#' && !/\d/.test(word)) {
      letters += word;
      continue;
    }
    if (letters !== '') words.push(letters);
    letters = '';
    words.push(word);
  }
  if (letters !== '') words.push(letters);
  return words;
}
