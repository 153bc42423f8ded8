import {
  AGE_BANDS,
  MAX_AGE,
  SEN_STATUSES,
  SEN_TYPE_CODES,
  SERVICE_STAGES,
  SETTINGS,
  SOCIAL_CARE,
  ageBand,
  isAlternativeProvision,
  needArea,
  type AgeBand,
  type NeedArea,
  type SenStatus,
  type SenType,
  type ServiceStage,
  type Setting,
  type SocialCare,
} from './codes.js';

/**
 * One child or young person of the cohort, validated and with the fields the rules need
 * derived once (need areas, alternative provision, age band), so that nothing downstream
 * re-derives them differently. Fields are named as the columns users write (in the cohort, in
 * rules and in outputs), snake_case included: `need_area` is the primary need's broad area.
 */
export interface Case {
  /** The file's line where this row starts (1 is the header), for every message about it. */
  line: number;
  case_id: string;
  readonly age: number;
  readonly age_band: AgeBand;
  readonly sen_status: SenStatus;
  readonly primary_need: SenType;
  /** The broad area of `primary_need`; `null` for DS, OTH and NSA, which belong to none. */
  readonly need_area: NeedArea | null;
  secondary_need: SenType | null;
  readonly secondary_need_area: NeedArea | null;
  readonly setting: Setting;
  readonly alternative_provision: boolean;
  readonly service_stage: ServiceStage;
  readonly social_care: SocialCare | null;
  /** Shared between cases with the same services (a million rows hold a few dozen lists). */
  readonly health_services: readonly string[];
  readonly locality: string | null;
  readonly la_code: string | null;
  /**
   * Columns the contract does not name, by their header as written in the file. Kept so a
   * rules file can spread over them; identifier-like columns never get here.
   */
  readonly extra: Readonly<Record<string, string>>;
}

/** The coded fields of a case, as {@link CompactCase} is built from them. */
export interface CaseCodes {
  age: number;
  sen_status: SenStatus;
  primary_need: SenType;
  secondary_need: SenType | null;
  setting: Setting;
  service_stage: ServiceStage;
  social_care: SocialCare | null;
}

/**
 * One coded field's place in {@link CompactCase}'s `codes`: its values are numbered from 0 in
 * the contract's order (1 onwards when the field may be empty, 0 being "none").
 */
class Packed<T> {
  readonly mask: number;
  private readonly index = new Map<T | null, number>();

  constructor(
    readonly values: readonly (T | null)[],
    readonly shift: number,
  ) {
    this.mask = (1 << Math.ceil(Math.log2(values.length))) - 1;
    values.forEach((v, i) => this.index.set(v, i));
  }

  get end(): number {
    return this.shift + Math.log2(this.mask + 1);
  }

  encode(value: T | null): number {
    return (this.index.get(value) as number) << this.shift;
  }

  decode(codes: number): T {
    return this.values[(codes >>> this.shift) & this.mask] as T;
  }
}

const AGES = Array.from({ length: MAX_AGE + 1 }, (_, age) => age);
const AGE = new Packed(AGES, 0);
const STATUS = new Packed(SEN_STATUSES, AGE.end);
const PRIMARY = new Packed(SEN_TYPE_CODES, STATUS.end);
const SECONDARY = new Packed([null, ...SEN_TYPE_CODES], PRIMARY.end);
const SETTING = new Packed(SETTINGS, SECONDARY.end);
const STAGE = new Packed(SERVICE_STAGES, SETTING.end);
const SOCIAL = new Packed([null, ...SOCIAL_CARE], STAGE.end);
// A small integer (31 bits) is held in the object itself, with no allocation of its own.
if (SOCIAL.end > 30) throw new Error('the coded fields of a case no longer fit in a small integer');

const BAND_OF_AGE: readonly AgeBand[] = AGES.map(ageBand);

/**
 * Each coded field's bits in {@link CompactCase}'s codes, to be or-ed together. The reader
 * works a value's bits out once per distinct value (row-schema.ts), not once per row.
 */
export const CODE_BITS: { readonly [K in keyof CaseCodes]: (value: CaseCodes[K]) => number } = {
  age: (v) => AGE.encode(v),
  sen_status: (v) => STATUS.encode(v),
  primary_need: (v) => PRIMARY.encode(v),
  secondary_need: (v) => SECONDARY.encode(v),
  setting: (v) => SETTING.encode(v),
  service_stage: (v) => STAGE.encode(v),
  social_care: (v) => SOCIAL.encode(v),
};

/** The codes of a {@link CompactCase}. */
export function packCodes(codes: CaseCodes): number {
  let packed = 0;
  for (const key of Object.keys(CODE_BITS) as (keyof CaseCodes)[]) packed |= (CODE_BITS[key] as (v: unknown) => number)(codes[key]);
  return packed;
}

/** The coded fields before the secondary need, and those after it: {@link codedKeyOf} joins them. */
const BEFORE_SECONDARY = (1 << SECONDARY.shift) - 1;
const AFTER_SECONDARY = SECONDARY.end;

/** How many values {@link codedKeyOf} can give: it is a number from 0 up to this. */
export const CODED_KEYS = 1 << (SOCIAL.end - (SECONDARY.end - SECONDARY.shift));

/**
 * The reader's case's coded fields other than the secondary need (age, SEN status, primary
 * need, setting, stage, social care) as one number below {@link CODED_KEYS}: equal for two
 * cases exactly when those fields, and every field derived from them alone, are. Undefined for
 * a case the reader did not build. Small enough to index an array (a million entries).
 */
export function codedKeyOf(c: Case): number | undefined {
  if (!(c instanceof CompactCase)) return undefined;
  const codes = c.packedCodes;
  return (codes & BEFORE_SECONDARY) | ((codes >>> AFTER_SECONDARY) << SECONDARY.shift);
}

/**
 * The Case the reader builds, for up to two million of them at once: each coded field is a few
 * bits of one small integer, and the derived fields are worked out from them when asked
 * (cheaply: a table lookup), so a case holds 7 fields rather than 17. On two million rows that
 * is about 160 MB less of memory that every command holding the cases (draw, odds, review)
 * keeps to the end. The fields read as in any Case; only their own-property listing differs,
 * which nothing relies on (outputs name each field: report/fields.ts).
 */
export class CompactCase implements Case {
  line: number;
  case_id: string;
  /** The coded fields, bit-packed (see the Packed layouts above). */
  private codes: number;
  readonly health_services: readonly string[];
  readonly locality: string | null;
  readonly la_code: string | null;
  readonly extra: Readonly<Record<string, string>>;

  /** `codes` from {@link packCodes} (or the same bits put together field by field, as the reader does). */
  constructor(
    line: number,
    case_id: string,
    codes: number,
    health_services: readonly string[],
    locality: string | null,
    la_code: string | null,
    extra: Readonly<Record<string, string>>,
  ) {
    this.line = line;
    this.case_id = case_id;
    this.codes = codes;
    this.health_services = health_services;
    this.locality = locality;
    this.la_code = la_code;
    this.extra = extra;
  }

  /** The coded fields as packed (see the Packed layouts above). */
  get packedCodes(): number {
    return this.codes;
  }

  get age(): number {
    return AGE.decode(this.codes);
  }
  get age_band(): AgeBand {
    return BAND_OF_AGE[AGE.decode(this.codes)]!;
  }
  get sen_status(): SenStatus {
    return STATUS.decode(this.codes);
  }
  get primary_need(): SenType {
    return PRIMARY.decode(this.codes);
  }
  get need_area(): NeedArea | null {
    return needArea(PRIMARY.decode(this.codes));
  }
  get secondary_need(): SenType | null {
    return SECONDARY.decode(this.codes);
  }
  /** A SEN2 table gives the secondary need on a row of its own (need-ranks.ts): set afterwards. */
  set secondary_need(code: SenType | null) {
    this.codes = (this.codes & ~(SECONDARY.mask << SECONDARY.shift)) | SECONDARY.encode(code);
  }
  get secondary_need_area(): NeedArea | null {
    const code = SECONDARY.decode(this.codes);
    return code === null ? null : needArea(code);
  }
  get setting(): Setting {
    return SETTING.decode(this.codes);
  }
  get alternative_provision(): boolean {
    return isAlternativeProvision(SETTING.decode(this.codes));
  }
  get service_stage(): ServiceStage {
    return STAGE.decode(this.codes);
  }
  get social_care(): SocialCare | null {
    return SOCIAL.decode(this.codes);
  }
}
