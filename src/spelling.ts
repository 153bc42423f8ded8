/**
 * How text is folded before it is compared: the one place that decides which spellings are
 * the same (csv-parse keeps its option spellings in one `normalize_options` for the same
 * reason). Every comparison of a header, a rule's column, a code or a mapping key goes
 * through one of these, so a change to what counts as "the same" is made here once.
 *
 * | what                     | fold              | case | surrounding spaces | inner ` ` `_` `-` | `/` |
 * | ------------------------ | ----------------- | ---- | ------------------ | ----------------- | --- |
 * | a cohort header          | `foldHeader`      | no   | no                 | removed           | kept |
 * | a rule's column name     | `foldRuleColumn`  | no   | no                 | one `_`           | kept |
 * | a code or value spelling | `foldSpelling`    | no   | no                 | removed           | removed |
 * | a mapping file value key | `foldValueKey`    | no   | no                 | kept              | kept |
 */

const SEPARATORS = /[\s_-]+/g;
const SEPARATORS_AND_SLASH = /[\s_\-/]+/g;

/** `Case ID`, `case_id` and `CASE-ID` are one column (a byte-order mark is white space). */
export function foldHeader(name: string): string {
  return name.trim().toLowerCase().replace(SEPARATORS, '');
}

/** A rule's `column`: `Need Area` and `need-area` are `need_area`. */
export function foldRuleColumn(name: string): string {
  return name.trim().toLowerCase().replace(SEPARATORS, '_');
}

/**
 * Codes compare case-insensitively and ignoring surrounding spaces; spellings compare with
 * spaces, `_`, `-` and `/` folded as well, since exports write "Pupil Referral Unit",
 * "pupil-referral-unit" and "PUPIL_REFERRAL_UNIT" for the same thing.
 */
export function foldSpelling(value: string): string {
  return value.trim().toLowerCase().replace(SEPARATORS_AND_SLASH, '');
}

/** How mapping value keys compare: case-insensitively, ignoring surrounding spaces. */
export function foldValueKey(value: string): string {
  return value.trim().toLowerCase();
}
