/**
 * The statistical model of a synthetic cohort, from the DfE figures in docs/design.md
 * ("The sample cohort"). Each column is drawn given the ones before it:
 *
 *   sen_status → age → primary_need → secondary_need → setting (AP first) → service_stage
 *              → social_care → health_services
 *
 * Every conditional distribution is turned into a cumulative table once, when the model is
 * built, so that drawing a row is a handful of table look-ups.
 */
import {
  SEN_STATUSES,
  SEN_TYPE_CODES,
  SERVICE_STAGES,
  SETTINGS,
  SOCIAL_CARE,
  type SenStatus,
  type SenType,
  type ServiceStage,
  type Setting,
  type SocialCare,
} from '../../src/cohort/codes.js';
import { cumulative } from './random.js';

export const MAX_AGE = 25;
const AGES = Array.from({ length: MAX_AGE + 1 }, (_, a) => a);

/** Index 0 is EHCP, 1 is SEN support (the order of SEN_STATUSES). */
const EHCP = SEN_STATUSES.indexOf('EHCP');
const STATUSES = SEN_STATUSES.map((_, s) => s);

/**
 * Share of EHC plans among all rows. School pupils: 0.54M EHCP against 1.32M SEN support (29%);
 * EHC plans also run 0–4 and 16–25 (0.64M in all, which would make 33%). SEN support past
 * school age is under-recorded, so a local list sits between the two.
 */
export const EHCP_SHARE = 0.3;

// ---------------------------------------------------------------------------------------------
// Age, given SEN status. EHCP: DfE EHC plan statistics by age band (about 4-5% under 5, a third
// 5-10, a third 11-15, a fifth 16-19, 5-6% 20-25). SEN support: school age, peaking in late
// primary, few in nursery or past 16, none past 19.

const AGE_WEIGHTS: Record<SenStatus, readonly number[]> = {
  // 0    1    2    3    4    5    6    7    8    9   10   11   12   13   14   15
  EHCP: [0.1, 0.3, 0.6, 1.2, 2.2, 3.5, 4.5, 5.2, 5.8, 6.2, 6.5, 6.8, 6.9, 7.0, 7.1, 7.1,
    // 16  17   18   19   20   21   22   23   24   25
    6.0, 5.3, 4.2, 3.0, 1.7, 1.3, 1.0, 0.7, 0.5, 0.3],
  'SEN support': [0, 0.05, 0.4, 1.5, 3.5, 6.5, 7.5, 8.2, 8.6, 8.8, 8.8, 8.3, 7.8, 7.4, 7.0, 6.5,
    1.6, 1.2, 0.6, 0.2, 0, 0, 0, 0, 0, 0],
};

// ---------------------------------------------------------------------------------------------
// Primary need, given status and age. The marginal over ages is fitted to these targets: EHCP
// from the DfE EHC plan statistics (January 2025; DS takes the 0.7% the list leaves), SEN support
// from the school census (SLCN, SEMH, MLD and SPLD lead; ASD much less; NSA only here).

type NeedWeights = Record<SenType, number>;

const NEED_TARGET: Record<SenStatus, NeedWeights> = {
  EHCP: {
    ASD: 31.5, SLCN: 21.3, SEMH: 20.7, MLD: 10.6, SLD: 3.9, PD: 3.9, SPLD: 2.4, HI: 1.4,
    PMLD: 1.3, OTH: 1.2, VI: 0.8, MSI: 0.3, DS: 0.7, NSA: 0,
  },
  'SEN support': {
    SLCN: 25, SEMH: 21, MLD: 17, SPLD: 13, ASD: 8, NSA: 5, OTH: 3.5, PD: 2.2, HI: 1.5, VI: 0.8,
    SLD: 0.6, MSI: 0.15, PMLD: 0.1, DS: 0.15,
  },
};

/** How the mix shifts with age: speech and language early, SEMH and SpLD later. */
function needAgeFactor(code: SenType, age: number): number {
  const f: Partial<NeedWeights> =
    age <= 4
      ? { SLCN: 2.2, ASD: 1.1, SPLD: 0.05, SEMH: 0.35, MLD: 0.5, PMLD: 2.5, SLD: 1.5, PD: 1.6,
          HI: 1.5, VI: 1.5, MSI: 2, DS: 2 }
      : age <= 7
        ? { SLCN: 1.6, SPLD: 0.4, SEMH: 0.8 }
        : age <= 10
          ? { SLCN: 1.1, SPLD: 1.1, SEMH: 0.95 }
          : age <= 15
            ? { SLCN: 0.6, SPLD: 1.3, SEMH: 1.3, MLD: 1.05 }
            : age <= 19
              ? { SLCN: 0.5, SEMH: 1.2, MLD: 1.2, SLD: 1.2, SPLD: 1.1 }
              : { SLCN: 0.4, SEMH: 1.1, MLD: 1.3, SLD: 1.5, PMLD: 1.3, SPLD: 0.8 };
  return f[code] ?? 1;
}

/** P(need | status, age), scaled need by need until the marginal over ages meets the target. */
function needByAge(status: SenStatus): number[][] {
  const codes = SEN_TYPE_CODES;
  const ageP = normalise(AGE_WEIGHTS[status]);
  const target = normalise(codes.map((c) => NEED_TARGET[status][c]));
  const scale = codes.map(() => 1);
  let table: number[][] = [];
  for (let iteration = 0; iteration < 100; iteration++) {
    table = AGES.map((age) =>
      normalise(codes.map((c, n) => NEED_TARGET[status][c] * needAgeFactor(c, age) * scale[n]!)),
    );
    const marginal = codes.map((_, n) => AGES.reduce((sum, a) => sum + ageP[a]! * table[a]![n]!, 0));
    codes.forEach((_, n) => {
      if (marginal[n]! > 0) scale[n]! *= target[n]! / marginal[n]!;
    });
  }
  return table;
}

// ---------------------------------------------------------------------------------------------
// Secondary need: empty for most; more often for EHC plans, and for DS and OTH, whose broad area
// a secondary need supplies. NSA (no specialist assessment) has none and is never a secondary.

function secondaryChance(status: SenStatus, primary: SenType): number {
  const ehcp = status === 'EHCP';
  if (primary === 'NSA') return 0;
  if (primary === 'DS') return ehcp ? 0.7 : 0.5;
  if (primary === 'OTH') return ehcp ? 0.35 : 0.15;
  return ehcp ? 0.28 : 0.12;
}

const SECONDARY_BASE: NeedWeights = {
  SLCN: 25, SEMH: 22, MLD: 14, ASD: 10, SPLD: 10, PD: 5, OTH: 4, HI: 3, VI: 2, SLD: 2, MSI: 0.5,
  PMLD: 0.2, DS: 0, NSA: 0,
};
const SECONDARY_BOOST: Partial<Record<SenType, Partial<NeedWeights>>> = {
  ASD: { SLCN: 1.8, SEMH: 1.5, MLD: 1.2 },
  SLCN: { ASD: 1.2, SEMH: 1.2, MLD: 1.3 },
  SEMH: { SLCN: 1.4, ASD: 1.3, SPLD: 1.2 },
  MLD: { SLCN: 1.5, SEMH: 1.2, SLD: 0.2, PMLD: 0 },
  SPLD: { SLCN: 1.3, SEMH: 1.3, SLD: 0, PMLD: 0 },
  SLD: { SLCN: 2, PD: 2, ASD: 1.5, MLD: 0, SPLD: 0, PMLD: 0.2 },
  PMLD: { PD: 6, VI: 4, HI: 2, MSI: 4, MLD: 0, SPLD: 0, SLD: 0.3 },
  DS: { MLD: 3, SLD: 4, SLCN: 2, HI: 3 },
  HI: { SLCN: 2.5 },
  VI: { PD: 2 },
  MSI: { SLD: 2, PD: 2 },
  PD: { MLD: 1.5, SLCN: 1.5 },
};

/** Severe and profound learning difficulties are rarely a secondary need, and not on SEN support. */
const SECONDARY_ON_SEN_SUPPORT: Partial<NeedWeights> = { SLD: 0.2, PMLD: 0, MSI: 0.3 };

function secondaryWeights(status: SenStatus, primary: SenType): number[] {
  return SEN_TYPE_CODES.map((c) =>
    c === primary
      ? 0
      : SECONDARY_BASE[c] *
        (SECONDARY_BOOST[primary]?.[c] ?? 1) *
        (status === 'SEN support' ? (SECONDARY_ON_SEN_SUPPORT[c] ?? 1) : 1),
  );
}

// ---------------------------------------------------------------------------------------------
// Alternative provision: decided before the rest of the setting, so that the share of AP is the
// option's rate. Mostly secondary age (PRUs peak at 14–15), much more with SEMH, rare with
// severe learning difficulties, a little more with an EHC plan.

const AP_AGE: Record<number, number> = {
  5: 0.1, 6: 0.15, 7: 0.2, 8: 0.25, 9: 0.3, 10: 0.35, 11: 0.6, 12: 0.9, 13: 1.2, 14: 1.5, 15: 1.6,
  16: 0.4, 17: 0.15, 18: 0.05,
};
const AP_NEED: Partial<NeedWeights> = {
  SEMH: 4, ASD: 1.2, SLCN: 0.8, MLD: 0.8, SPLD: 0.8, NSA: 0.8, SLD: 0.1, PMLD: 0.02, MSI: 0.1,
  HI: 0.5, VI: 0.5, PD: 0.4, DS: 0.1, OTH: 1,
};
function apRelative(status: SenStatus, age: number, need: SenType): number {
  return (status === 'EHCP' ? 1.3 : 1) * (AP_AGE[age] ?? 0) * (AP_NEED[need] ?? 1);
}

// ---------------------------------------------------------------------------------------------
// Setting other than AP, given status, age and need. Early years under 4 (reception at 4);
// special schools far more often with an EHC plan and with severe needs; post-16 mostly FE
// colleges and sixth forms; 20–25 (EHC plans only) in FE or not in education.

type SettingWeights = Partial<Record<Setting, number>>;

function settingWeights(status: SenStatus, age: number, need: SenType): SettingWeights {
  const ehcp = status === 'EHCP';
  const severe = need === 'SLD' || need === 'PMLD' || need === 'MSI';
  if (age <= 1) return { not_in_education: 0.3, early_years: 0.6, other_arrangements: 0.1 };
  if (age <= 3) {
    return ehcp
      ? { early_years: 0.8, special: age === 3 ? (severe ? 0.25 : 0.08) : 0, other_arrangements: 0.05, not_in_education: 0.04 }
      : { early_years: 0.95, other_arrangements: 0.03, not_in_education: 0.02 };
  }
  if (age === 4) {
    return ehcp
      ? { mainstream: severe ? 0.2 : 0.45, special: severe ? 0.5 : 0.22, early_years: 0.25, mainstream_resourced: 0.03, other_arrangements: 0.02 }
      : { mainstream: 0.72, early_years: 0.26, other_arrangements: 0.01, home_educated: 0.01 };
  }
  if (age <= 15) {
    if (!ehcp) {
      return { mainstream: 0.962, mainstream_resourced: 0.012, special: 0.004, home_educated: 0.009, other_arrangements: 0.007, not_in_education: 0.006 };
    }
    const w: SettingWeights = {
      mainstream: age <= 10 ? 0.44 : 0.34,
      mainstream_resourced: 0.07,
      special: age <= 10 ? 0.4 : 0.48,
      home_educated: 0.02,
      other_arrangements: 0.04,
      not_in_education: age <= 10 ? 0.01 : 0.02,
    };
    if (severe) { w.special! *= 4; w.mainstream! *= 0.2; w.mainstream_resourced! *= 0.5; }
    if (need === 'SPLD' || need === 'SLCN' || need === 'HI' || need === 'VI') { w.mainstream! *= 1.6; w.special! *= 0.5; }
    if (need === 'ASD') w.mainstream_resourced! *= 1.5;
    if (need === 'SEMH') { w.other_arrangements! *= 2; w.not_in_education! *= 2.5; w.home_educated! *= 1.5; }
    if (need === 'PD') w.mainstream! *= 1.2;
    return w;
  }
  if (age <= 19) {
    const late = age - 16; // 0 … 3
    if (!ehcp) {
      return age <= 18
        ? { mainstream: 0.46 - 0.12 * late, further_education: 0.44 + 0.1 * late, not_in_education: 0.06 + 0.03 * late, other_arrangements: 0.02, home_educated: 0.02 }
        : { further_education: 0.8, not_in_education: 0.16, other_arrangements: 0.04 };
    }
    const w: SettingWeights = {
      further_education: 0.42 + 0.06 * late,
      special: 0.24 - 0.04 * late,
      mainstream: 0.14 - 0.04 * late,
      mainstream_resourced: 0.01,
      not_in_education: 0.06 + 0.02 * late,
      other_arrangements: 0.05,
      home_educated: 0.02,
    };
    if (severe) { w.special! *= 2.5; w.mainstream! *= 0.2; }
    if (need === 'SEMH') w.not_in_education! *= 2;
    return w;
  }
  // 20–25: EHC plans only.
  const later = age - 20; // 0 … 5
  return {
    further_education: 0.7 - 0.05 * later,
    not_in_education: 0.22 + 0.04 * later,
    other_arrangements: 0.08 + 0.01 * later,
  };
}

// ---------------------------------------------------------------------------------------------
// Service stage, given status, age and setting. Identifying and assessing mostly on SEN support
// and in the early years; transition at the phase changes (into school at 4, to secondary at
// 10–11, post-16 at 15–16, to adult services at 18–19); ceasing older, and at 25 above all.

const TRANSITION_AGE: Record<number, number> = { 4: 3, 10: 4, 11: 4, 15: 4, 16: 5, 18: 4, 19: 4 };
function ceasingAgeFactor(age: number): number {
  if (age === 25) return 12;
  if (age >= 23) return 5;
  if (age >= 18) return 3;
  if (age >= 16) return 2;
  if (age === 15) return 1.3;
  return 1;
}

function stageWeights(status: SenStatus, age: number, setting: Setting): number[] {
  const w: Record<ServiceStage, number> =
    status === 'EHCP'
      ? { identifying: 0.015, assessing: 0.05, new_plan: 0.16, established: 0.62, transition: 0.07, ceasing: 0.03 }
      : { identifying: 0.17, assessing: 0.11, new_plan: 0.2, established: 0.44, transition: 0.05, ceasing: 0.03 };
  if (age <= 2) { w.identifying *= 3; w.assessing *= 2.5; w.new_plan *= 1.6; w.established *= 0.4; }
  else if (age <= 4) { w.identifying *= 2; w.assessing *= 2; w.new_plan *= 1.3; w.established *= 0.7; }
  else if (age <= 7) { w.identifying *= 1.3; w.assessing *= 1.3; }
  else if (age >= 20) { w.identifying *= 0.1; w.assessing *= 0.3; w.new_plan *= 0.5; }
  else if (age >= 16) { w.identifying *= 0.35; w.assessing *= 0.6; }
  else if (age >= 12) w.identifying *= 0.7;
  w.transition *= TRANSITION_AGE[age] ?? 1;
  w.ceasing *= ceasingAgeFactor(age) * (status === 'SEN support' && age >= 16 ? 1.5 : 1);
  if (setting === 'not_in_education') { w.ceasing *= 2.5; w.transition *= 1.5; w.established *= 0.7; }
  if (setting === 'ap') { w.assessing *= 1.8; w.identifying *= 1.3; w.new_plan *= 1.3; }
  if (setting === 'further_education') w.transition *= 1.2;
  if (setting === 'home_educated') w.ceasing *= 1.5;
  return SERVICE_STAGES.map((s) => w[s]);
}

// ---------------------------------------------------------------------------------------------
// Social care: mostly none. Children in need more often with an EHC plan; early help more for
// the youngest; looked-after children until 18, care leavers from 16 (and only they, past 18);
// all of it more common with SEMH and in alternative provision.

function socialCareWeights(status: SenStatus, age: number, ap: boolean, semh: boolean): number[] {
  const ehcp = status === 'EHCP';
  const lift = (semh ? 1.8 : 1) * (ap ? 2.5 : 1);
  let w: Record<SocialCare, number>;
  if (age >= 18) {
    w = { none: ehcp ? 0.94 : 0.96, early_help: 0, child_in_need: 0, child_protection: 0, looked_after: 0, care_leaver: (ehcp ? 0.06 : 0.04) * lift };
  } else {
    w = ehcp
      ? { none: 0.74, early_help: 0.06, child_in_need: 0.11, child_protection: 0.025, looked_after: 0.06, care_leaver: 0 }
      : { none: 0.84, early_help: 0.08, child_in_need: 0.045, child_protection: 0.02, looked_after: 0.015, care_leaver: 0 };
    if (age <= 4) { w.early_help *= 1.6; w.looked_after *= 0.5; w.child_in_need *= 1.1; }
    if (age >= 16) { w.care_leaver = w.looked_after * 0.6; w.early_help *= 0.6; }
    for (const k of SOCIAL_CARE) if (k !== 'none') w[k] *= lift;
  }
  return SOCIAL_CARE.map((k) => w[k]);
}

// ---------------------------------------------------------------------------------------------
// Health services involved, each independently with a chance set by the primary need (and half
// of the secondary need's), lower on SEN support. Children's services give way to adult ones at
// 18: CAMHS becomes adult mental health, paediatrics and school nursing stop.

export const HEALTH_SERVICES = [
  'CAMHS', 'adult mental health', 'SALT', 'OT', 'physiotherapy', 'paediatrics', 'audiology',
  'ophthalmology', 'health visiting', 'school nursing', 'community nursing', 'LD nursing',
  'dietetics', 'wheelchair service',
] as const;
type HealthService = (typeof HEALTH_SERVICES)[number];
type HealthChances = Partial<Record<HealthService, number>>;

const HEALTH_BY_NEED: Record<SenType, HealthChances> = {
  SLCN: { SALT: 0.75, paediatrics: 0.1 },
  ASD: { SALT: 0.45, OT: 0.3, paediatrics: 0.4, CAMHS: 0.2 },
  SEMH: { CAMHS: 0.5, paediatrics: 0.1, 'school nursing': 0.1 },
  MLD: { SALT: 0.25, paediatrics: 0.2, OT: 0.1 },
  SPLD: { OT: 0.1, ophthalmology: 0.05 },
  SLD: { SALT: 0.5, OT: 0.4, physiotherapy: 0.25, paediatrics: 0.6, 'LD nursing': 0.2, 'community nursing': 0.1 },
  PMLD: { physiotherapy: 0.8, OT: 0.7, SALT: 0.6, paediatrics: 0.85, 'community nursing': 0.5, dietetics: 0.4, 'wheelchair service': 0.6, ophthalmology: 0.2 },
  HI: { audiology: 0.95, SALT: 0.4 },
  VI: { ophthalmology: 0.9, OT: 0.2 },
  MSI: { audiology: 0.7, ophthalmology: 0.7, physiotherapy: 0.3, OT: 0.3, paediatrics: 0.5 },
  PD: { physiotherapy: 0.8, OT: 0.7, paediatrics: 0.6, 'wheelchair service': 0.35, 'community nursing': 0.2 },
  DS: { SALT: 0.7, paediatrics: 0.8, audiology: 0.35, ophthalmology: 0.3, physiotherapy: 0.2, OT: 0.2 },
  OTH: { paediatrics: 0.4, 'school nursing': 0.15, 'community nursing': 0.1 },
  NSA: { SALT: 0.05 },
};

/** 0: under 5, 1: 5–17, 2: 18 and over. */
export function healthAgeClass(age: number): number {
  return age <= 4 ? 0 : age <= 17 ? 1 : 2;
}

function healthChances(status: SenStatus, ageClass: number, primary: SenType, secondary: SenType | null): [string, number][] {
  const chance = new Map<HealthService, number>();
  const add = (service: HealthService, p: number): void => {
    chance.set(service, 1 - (1 - (chance.get(service) ?? 0)) * (1 - p));
  };
  for (const [s, p] of Object.entries(HEALTH_BY_NEED[primary])) add(s as HealthService, p);
  if (secondary) for (const [s, p] of Object.entries(HEALTH_BY_NEED[secondary])) add(s as HealthService, p / 2);
  add('CAMHS', ageClass === 0 ? 0.01 : 0.04);
  if (ageClass === 0) add('health visiting', 0.3);
  if (ageClass === 1) add('school nursing', 0.03);
  const scale = status === 'EHCP' ? 1 : 0.6;
  const out: [string, number][] = [];
  for (const service of HEALTH_SERVICES) {
    let p = chance.get(service) ?? 0;
    if (ageClass === 2) {
      if (service === 'adult mental health') p = chance.get('CAMHS') ?? 0;
      if (service === 'CAMHS' || service === 'paediatrics' || service === 'school nursing' || service === 'health visiting') p = 0;
    }
    if (ageClass === 0 && service === 'school nursing') p = 0;
    if (ageClass !== 0 && service === 'health visiting') p = 0;
    if (p > 0) out.push([service, p * scale]);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------

export interface Model {
  /** [status][age] */
  needCum: Float64Array[][];
  ageCum: Float64Array[];
  /** [status][primary] */
  secondaryChance: number[][];
  /** [status][primary] */
  secondaryCum: Float64Array[][];
  /** [status][age][need]: chance of AP before the area's multiplier. */
  apChance: Float64Array[][];
  /** [status][age][need], AP excluded. */
  settingCum: Float64Array[][][];
  /** [status][age][setting] */
  stageCum: Float64Array[][][];
  /** [status][age][ap ? 1 : 0][semh ? 1 : 0] */
  socialCum: Float64Array[][][][];
  /** [status][ageClass][primary][secondary + 1] (0 for none): services and their chances. */
  health: [string, number][][][][][];
}

const cache = new Map<number, Model>();

/** The model for an overall AP rate; tables are built once per rate. */
export function buildModel(apRate: number): Model {
  const hit = cache.get(apRate);
  if (hit) return hit;
  const needs = SEN_TYPE_CODES;
  const needProb = STATUSES.map((s) => needByAge(SEN_STATUSES[s]!));
  const ageProb = STATUSES.map((s) => normalise(AGE_WEIGHTS[SEN_STATUSES[s]!]));

  // Scale AP so that its expected share over the whole cohort is the rate asked for.
  const rel = STATUSES.map((s) => AGES.map((a) => needs.map((n) => apRelative(SEN_STATUSES[s]!, a, n))));
  const expected = (k: number): number =>
    STATUSES.reduce((sum, s) => {
      const ps = s === EHCP ? EHCP_SHARE : 1 - EHCP_SHARE;
      return sum + ps * AGES.reduce((sa, a) => sa + ageProb[s]![a]! *
        needs.reduce((sn, _, n) => sn + needProb[s]![a]![n]! * Math.min(1, k * rel[s]![a]![n]!), 0), 0);
    }, 0);
  let lo = 0;
  let hi = 1;
  while (expected(hi) < apRate && hi < 1e9) hi *= 2;
  if (expected(hi) < apRate) throw new RangeError(`apRate ${apRate} is more than this cohort can hold`);
  for (let i = 0; i < 80; i++) {
    const mid = (lo + hi) / 2;
    if (expected(mid) < apRate) lo = mid;
    else hi = mid;
  }
  const k = apRate === 0 ? 0 : hi;

  const model: Model = {
    ageCum: STATUSES.map((s) => cumulative(AGE_WEIGHTS[SEN_STATUSES[s]!])),
    needCum: needProb.map((byAge) => byAge.map((p) => cumulative(p))),
    secondaryChance: STATUSES.map((s) => needs.map((n) => secondaryChance(SEN_STATUSES[s]!, n))),
    secondaryCum: STATUSES.map((s) => needs.map((n) => cumulative(secondaryWeights(SEN_STATUSES[s]!, n)))),
    apChance: rel.map((byAge) => byAge.map((byNeed) => Float64Array.from(byNeed, (r) => Math.min(1, k * r)))),
    settingCum: STATUSES.map((s) =>
      AGES.map((a) =>
        needs.map((n) => {
          const w = settingWeights(SEN_STATUSES[s]!, a, n);
          return cumulative(SETTINGS.map((code) => (code === 'ap' ? 0 : (w[code] ?? 0))));
        }),
      ),
    ),
    stageCum: STATUSES.map((s) =>
      AGES.map((a) => SETTINGS.map((setting) => cumulative(stageWeights(SEN_STATUSES[s]!, a, setting)))),
    ),
    socialCum: STATUSES.map((s) =>
      AGES.map((a) =>
        [false, true].map((ap) => [false, true].map((semh) => cumulative(socialCareWeights(SEN_STATUSES[s]!, a, ap, semh)))),
      ),
    ),
    health: STATUSES.map((s) =>
      [0, 1, 2].map((ageClass) =>
        needs.map((primary) =>
          [null, ...needs].map((secondary) => healthChances(SEN_STATUSES[s]!, ageClass, primary, secondary)),
        ),
      ),
    ),
  };
  cache.set(apRate, model);
  return model;
}

function normalise(weights: readonly number[]): number[] {
  const total = weights.reduce((a, b) => a + b, 0);
  return weights.map((w) => w / total);
}
