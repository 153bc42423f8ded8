/**
 * The code lists of the cohort contract (docs/cohort-format.md): DfE SEN type codes and the
 * four broad areas of need they belong to, setting codes, service stage codes, social care
 * statuses and the DfE age bands. Everything that turns a raw export value into a code goes
 * through here, so that one spelling is accepted everywhere or nowhere.
 */
import { foldSpelling } from '../spelling.js';

/** The four broad areas of need of the SEND Code of Practice (2015, chapter 6). */
export const NEED_AREAS = [
  'communication_and_interaction',
  'cognition_and_learning',
  'social_emotional_and_mental_health',
  'sensory_and_physical',
] as const;
export type NeedArea = (typeof NEED_AREAS)[number];

/** Short labels for narrow terminal columns; the JSON always carries the full id. */
export const NEED_AREA_LABELS: Record<NeedArea, string> = {
  communication_and_interaction: 'communication and interaction',
  cognition_and_learning: 'cognition and learning',
  social_emotional_and_mental_health: 'social, emotional and mental health',
  sensory_and_physical: 'sensory and/or physical',
};
export const NEED_AREA_SHORT: Record<NeedArea, string> = {
  communication_and_interaction: 'C&I',
  cognition_and_learning: 'C&L',
  social_emotional_and_mental_health: 'SEMH',
  sensory_and_physical: 'S&P',
};

/** DfE SEN type codes (school census, SEN2) and their broad area; `null` for no broad area. */
export const SEN_TYPES = {
  SLCN: 'communication_and_interaction',
  ASD: 'communication_and_interaction',
  SPLD: 'cognition_and_learning',
  MLD: 'cognition_and_learning',
  SLD: 'cognition_and_learning',
  PMLD: 'cognition_and_learning',
  SEMH: 'social_emotional_and_mental_health',
  HI: 'sensory_and_physical',
  VI: 'sensory_and_physical',
  MSI: 'sensory_and_physical',
  PD: 'sensory_and_physical',
  DS: null,
  OTH: null,
  NSA: null,
} as const satisfies Record<string, NeedArea | null>;
export type SenType = keyof typeof SEN_TYPES;
export const SEN_TYPE_CODES = Object.keys(SEN_TYPES) as SenType[];

export const SEN_STATUSES = ['EHCP', 'SEN support'] as const;
export type SenStatus = (typeof SEN_STATUSES)[number];

export const SETTINGS = [
  'early_years',
  'mainstream',
  'mainstream_resourced',
  'special',
  'ap',
  'further_education',
  'home_educated',
  'other_arrangements',
  'not_in_education',
] as const;
export type Setting = (typeof SETTINGS)[number];

export const SERVICE_STAGES = [
  'identifying',
  'assessing',
  'new_plan',
  'established',
  'transition',
  'ceasing',
] as const;
export type ServiceStage = (typeof SERVICE_STAGES)[number];

export const SOCIAL_CARE = [
  'none',
  'early_help',
  'child_in_need',
  'child_protection',
  'looked_after',
  'care_leaver',
] as const;
export type SocialCare = (typeof SOCIAL_CARE)[number];

/**
 * The DfE's EHC plan statistics bands; the age-spread rule counts these. Their one label, in
 * every output (text, JSON, CSV, xlsx, the review screen), is the one the DfE's own tables use,
 * "Age 5 to 10": a label like "5-10" is retyped by Excel and LibreOffice as a date (5 October)
 * when a CSV is opened. Rules files and people may still write "5-10" (see parseAgeBand).
 */
const BANDS = [
  [0, 4],
  [5, 10],
  [11, 15],
  [16, 19],
  [20, 25],
] as const;
type Bounds = (typeof BANDS)[number];
type Label<B extends Bounds> = `Age ${B[0]} to ${B[1]}`;
export type AgeBand = Label<Bounds>;
export const AGE_BANDS = BANDS.map(([from, to]) => `Age ${from} to ${to}`) as readonly AgeBand[];

export function ageBand(age: number): AgeBand {
  const i = BANDS.findIndex(([, to]) => age <= to);
  return AGE_BANDS[i === -1 ? BANDS.length - 1 : i]!;
}

/** The label without "Age ", for a column or sentence that already says age: "5 to 10". */
export function ageBandShort(band: AgeBand): string {
  return band.slice('Age '.length);
}

const BAND_SPELLING = /^(?:age[ds]?\s*)?(\d{1,2})\s*(?:-|–|—|to)\s*(\d{1,2})$/i;

/** A band as a person writes it: "Age 5 to 10", "5 to 10", "5-10", "5–10"; or undefined. */
export function parseAgeBand(raw: string): AgeBand | undefined {
  const m = BAND_SPELLING.exec(raw.trim());
  if (m === null) return undefined;
  const i = BANDS.findIndex(([from, to]) => from === Number(m[1]) && to === Number(m[2]));
  return i === -1 ? undefined : AGE_BANDS[i];
}


const SEN_STATUS_SPELLINGS: Record<string, SenStatus> = {
  ehcp: 'EHCP',
  e: 'EHCP',
  ehcplan: 'EHCP',
  ehc: 'EHCP',
  sensupport: 'SEN support',
  k: 'SEN support',
};

const SETTING_SPELLINGS: Record<string, Setting> = {
  ...Object.fromEntries(SETTINGS.map((s) => [foldSpelling(s), s])),
  earlyyearsprovider: 'early_years',
  nursery: 'early_years',
  mainstreamschool: 'mainstream',
  resourcedprovision: 'mainstream_resourced',
  senunit: 'mainstream_resourced',
  specialschool: 'special',
  alternativeprovision: 'ap',
  pru: 'ap',
  pupilreferralunit: 'ap',
  apacademy: 'ap',
  apfreeschool: 'ap',
  fe: 'further_education',
  fecollege: 'further_education',
  college: 'further_education',
  sixthformcollege: 'further_education',
  ehe: 'home_educated',
  electivehomeeducation: 'home_educated',
  homeeducated: 'home_educated',
  eotas: 'other_arrangements',
  neet: 'not_in_education',
};

const STAGE_SPELLINGS: Record<string, ServiceStage> = Object.fromEntries(
  SERVICE_STAGES.map((s) => [foldSpelling(s), s]),
);
const SOCIAL_CARE_SPELLINGS: Record<string, SocialCare> = {
  ...Object.fromEntries(SOCIAL_CARE.map((s) => [foldSpelling(s), s])),
  cin: 'child_in_need',
  cp: 'child_protection',
  lac: 'looked_after',
  cla: 'looked_after',
};

export function parseSenStatus(raw: string): SenStatus | undefined {
  return SEN_STATUS_SPELLINGS[foldSpelling(raw)];
}
export function parseSenType(raw: string): SenType | undefined {
  const code = raw.trim().toUpperCase();
  return code in SEN_TYPES ? (code as SenType) : undefined;
}
export function parseSetting(raw: string): Setting | undefined {
  return SETTING_SPELLINGS[foldSpelling(raw)];
}
export function parseServiceStage(raw: string): ServiceStage | undefined {
  return STAGE_SPELLINGS[foldSpelling(raw)];
}
export function parseSocialCare(raw: string): SocialCare | undefined {
  return SOCIAL_CARE_SPELLINGS[foldSpelling(raw)];
}

export function needArea(code: SenType): NeedArea | null {
  return SEN_TYPES[code];
}
export function isAlternativeProvision(setting: Setting): boolean {
  return setting === 'ap';
}

/** The contract's age range: whole years on the date the file was drawn. */
export const MIN_AGE = 0;
export const MAX_AGE = 25;

/**
 * Whole years 0–25 written as plain digits ("07" is 7). Anything else ("7.5", "-1", "26",
 * "seven", "7 years") is refused rather than rounded: a fractional or out-of-range age usually
 * means the column holds something else (months, a date, a year group).
 */
export function parseAge(raw: string): number | undefined {
  const text = raw.trim();
  if (!/^\d{1,3}$/.test(text)) return undefined;
  const age = Number(text);
  return age >= MIN_AGE && age <= MAX_AGE ? age : undefined;
}
