/**
 * The identifier guard. The cohort must be anonymised (docs/cohort-format.md, "What must not
 * be in the file"): a column whose header says it holds names, dates of birth, addresses,
 * postcodes, UPNs, ULNs, NHS numbers, National Insurance numbers, email addresses or telephone
 * numbers, or a case_id shaped like one of them, is a sign that the export was not anonymised.
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
 * - "NI" is a National Insurance number only with a number word ("NI No", "N.I. Number", "NI #");
 *   "NINO" and "National Insurance" are one however written. Words that merely hold the
 *   letters ("Nine", "Unit", "Nights") are other words.
 * - A postcode is "post" then "code" next to each other, so "Post-16 code" is fine.
 */
import { headerWords } from '../spelling.js';
import { makeProblem, where, type CohortProblem } from './problems.js';

/** The reason a date-of-birth column gives: such a column can give ages (--age-on, birth.ts). */
export const DATES_OF_BIRTH = 'dates of birth';

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
  ...words('ni nino ninos national insurance'),
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
  if (has('nino') || has('ninos') || numbered('ni', true) || next('national', (b) => b === 'insurance')) return 'National Insurance numbers';
  if (has('dob') || (has('birth') && (has('date') || has('dates') || has('day')))) return DATES_OF_BIRTH;
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

/** What the guard asks of every cohort file, said in each of its refusals. */
export const ANONYMISED =
  'the cohort file must be anonymised (no names, dates of birth, addresses, postcodes, UPNs, ULNs, NHS numbers, National Insurance numbers, email addresses or telephone numbers)';

/** A refused or withheld column (by its header), or, with a line, a refused case_id there. */
export function identifierProblem(file: string, header: string, reason: string, line: number | null = null, sheet?: string): CohortProblem {
  const subject = line === null ? `${file}: column '${header}'` : `${where(file, line, sheet)}, ${header}:`;
  return makeProblem({ kind: 'identifier', file, line, column: header, reason, subject, sheet: sheet ?? null });
}
