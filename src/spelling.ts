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
