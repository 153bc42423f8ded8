/**
 * The zod schema one row goes through, and the Case built from its output. The reader hands it
 * each canonical column's value trimmed, with empty cells as `undefined`, so that "required"
 * is zod's own missing-value check and an optional empty cell simply comes out as absent.
 */
import * as z from 'zod';
import { CODE_BITS, CompactCase, packCodes, type Case } from './case.js';
import {
  isNoSen,
  parseAge,
  parseSenStatus,
  parseSenType,
  parseServiceStage,
  parseSetting,
  parseSocialCare,
  SEN_STATUSES,
  SEN_TYPE_CODES,
  SERVICE_STAGES,
  SETTINGS,
  SOCIAL_CARE,
} from './codes.js';

/** The services of a case with none recorded: one frozen list for all of them. */
const NO_SERVICES: readonly string[] = Object.freeze([]);
import type { CanonicalColumn } from './columns.js';

/** One row as the schema receives it: trimmed text, `undefined` for an empty cell. */
export type RawRow = Record<CanonicalColumn, string | undefined>;

export const CASE_ID_PATTERN = /^[A-Za-z0-9._/-]{1,64}$/;

export const REASONS = {
  missing: 'is empty; this column is required',
  case_id: "is not a valid case_id: use 1–64 letters, digits, '-', '_', '.' or '/'",
  age: 'is not a whole number of years from 0 to 25',
  sen_status: `is not a SEN status; expected one of ${SEN_STATUSES.join(', ')}`,
  no_sen:
    'is the school census code for no SEN: this pupil does not belong in a SEND cohort; leave the row out of the file, or use --skip-invalid to leave it out',
  need: `is not a SEN type code; expected one of ${SEN_TYPE_CODES.join(', ')}`,
  setting: `is not a setting code; expected one of ${SETTINGS.join(', ')}`,
  service_stage: `is not a service stage code; expected one of ${SERVICE_STAGES.join(', ')}`,
  social_care: `is not a social care code; expected one of ${SOCIAL_CARE.join(', ')}`,
} as const;

/** A code column: the spelling rules live in codes.ts; zod reports the issue. */
function codeField<T>(parse: (raw: string) => T | undefined, reason: string | ((raw: string) => string)) {
  return z.string().transform((raw, ctx): T => {
    const code = parse(raw);
    if (code === undefined) {
      ctx.issues.push({ code: 'custom', message: typeof reason === 'string' ? reason : reason(raw), input: raw });
      return z.NEVER;
    }
    return code;
  });
}

const senType = () => codeField(parseSenType, REASONS.need);

export const rowSchema = z.object({
  case_id: z.string().regex(CASE_ID_PATTERN, { error: REASONS.case_id }),
  age: codeField(parseAge, REASONS.age),
  sen_status: codeField(parseSenStatus, (raw) => (isNoSen(raw) ? REASONS.no_sen : REASONS.sen_status)),
  primary_need: senType(),
  secondary_need: senType().optional(),
  setting: codeField(parseSetting, REASONS.setting),
  service_stage: codeField(parseServiceStage, REASONS.service_stage),
  social_care: codeField(parseSocialCare, REASONS.social_care).optional(),
  health_services: z
    .string()
    .transform((s) => s.split(';').map((t) => t.trim()).filter((t) => t !== ''))
    .optional(),
  locality: z.string().optional(),
  la_code: z.string().optional(),
});
export type Row = z.output<typeof rowSchema>;

/** One field's problem: the column and the reason, in the words of the contract. */
export interface FieldIssue {
  column: CanonicalColumn;
  reason: string;
}

/** The reason for one zod issue on a row: an empty required cell is "missing", not "invalid". */
export function issueReason(issue: z.core.$ZodIssue, raw: RawRow): FieldIssue {
  const column = issue.path[0] as CanonicalColumn;
  return { column, reason: raw[column] === undefined ? REASONS.missing : issue.message };
}

/** zod's verdict on one value of one column. */
type Verdict<T> = { ok: true; value: T; bits: number } | { ok: false; reason: string };

const CACHE_LIMIT = 4096;

/**
 * One column's schema with its verdicts remembered per distinct value. A two-million-row file
 * holds a few dozen distinct values per code column, so zod runs a few dozen times per column
 * instead of once per row. Bounded, so a free-text column cannot grow it without limit.
 */
class Field<T> {
  private readonly seen = new Map<string, Verdict<T>>();
  private empty: Verdict<T> | undefined;
  private lastValue: string | undefined;
  private lastVerdict: Verdict<T> | undefined;

  /** `bits`: the value's place in a CompactCase's codes, for a coded column (case.ts). */
  constructor(
    readonly column: CanonicalColumn,
    private readonly schema: z.ZodType<T>,
    private readonly bits?: (value: never) => number,
  ) {}

  check(value: string | undefined): Verdict<T> {
    if (value === undefined) return (this.empty ??= this.verdict(undefined));
    // Exports are often sorted (by area, setting, stage): the last value is the likeliest.
    if (value === this.lastValue) return this.lastVerdict as Verdict<T>;
    let verdict = this.seen.get(value);
    if (verdict === undefined) {
      verdict = this.verdict(value);
      if (this.seen.size >= CACHE_LIMIT) this.seen.clear();
      this.seen.set(value, verdict);
    }
    this.lastValue = value;
    this.lastVerdict = verdict;
    return verdict;
  }

  /** An empty optional cell (undefined) is a case's null, which has bits of its own. */
  private codeBits(value: T): number {
    const bits = this.bits as ((value: T | null) => number) | undefined;
    return bits === undefined ? 0 : bits(value ?? null);
  }

  private verdict(value: string | undefined): Verdict<T> {
    const parsed = this.schema.safeParse(value);
    if (parsed.success) return { ok: true, value: parsed.data, bits: this.codeBits(parsed.data) };
    return { ok: false, reason: value === undefined ? REASONS.missing : (parsed.error.issues[0]?.message ?? 'is not valid') };
  }
}

/**
 * Validates rows with {@link rowSchema}'s own field schemas and builds the Case, with the same
 * verdicts as `rowSchema.safeParse` (test/cohort/row-schema.test.ts checks this on random
 * rows). It exists for speed: running the object schema on every row more than doubled the
 * time of a two-million-row read, while remembering verdicts per distinct value costs a map
 * lookup per cell. The case_id, unique per row, is tested against the schema's own pattern,
 * and zod is asked for the issue only when that fails.
 */
export class RowValidator {
  private readonly shape = rowSchema.shape;
  private readonly age = new Field('age', this.shape.age, CODE_BITS.age);
  private readonly senStatus = new Field('sen_status', this.shape.sen_status, CODE_BITS.sen_status);
  private readonly primaryNeed = new Field('primary_need', this.shape.primary_need, CODE_BITS.primary_need);
  private readonly secondaryNeed = new Field('secondary_need', this.shape.secondary_need, CODE_BITS.secondary_need);
  private readonly setting = new Field('setting', this.shape.setting, CODE_BITS.setting);
  private readonly serviceStage = new Field('service_stage', this.shape.service_stage, CODE_BITS.service_stage);
  private readonly socialCare = new Field('social_care', this.shape.social_care, CODE_BITS.social_care);
  private readonly healthServices = new Field('health_services', this.shape.health_services);
  private readonly locality = new Field('locality', this.shape.locality);
  private readonly laCode = new Field('la_code', this.shape.la_code);

  /**
   * The Case for a row, or the issues that stop it being one (in column order). A row whose
   * case_id was withheld as an identifier passes `masked` (`line#12`), which is its case_id:
   * deliberately outside the pattern, so that it cannot clash with a real one.
   */
  toCase(raw: RawRow, line: number, extra: Record<string, string>, masked: string | null = null): Case | FieldIssue[] {
    const id = masked ?? raw.case_id;
    const idOk = id !== undefined && (masked !== null || CASE_ID_PATTERN.test(id));
    const age = this.age.check(raw.age);
    const sen = this.senStatus.check(raw.sen_status);
    const primary = this.primaryNeed.check(raw.primary_need);
    const secondary = this.secondaryNeed.check(raw.secondary_need);
    const setting = this.setting.check(raw.setting);
    const stage = this.serviceStage.check(raw.service_stage);
    const social = this.socialCare.check(raw.social_care);
    const health = this.healthServices.check(raw.health_services);
    const locality = this.locality.check(raw.locality);
    const la = this.laCode.check(raw.la_code);
    if (
      idOk && age.ok && sen.ok && primary.ok && secondary.ok && setting.ok && stage.ok && social.ok && health.ok &&
      locality.ok && la.ok
    ) {
      // The coded fields' bits were worked out once per distinct value (Field), and make the
      // same codes as packCodes would (test/cohort/row-schema.test.ts compares the two).
      const codes = age.bits | sen.bits | primary.bits | secondary.bits | setting.bits | stage.bits | social.bits;
      // The remembered services array is shared between rows (frozen, so no case can change another's).
      const services = health.value === undefined ? NO_SERVICES : Object.freeze(health.value);
      return new CompactCase(line, id, codes, services, locality.value ?? null, la.value ?? null, extra);
    }
    const issues: FieldIssue[] = [];
    if (!idOk) issues.push({ column: 'case_id', reason: this.caseIdReason(id) });
    const checked: [CanonicalColumn, Verdict<unknown>][] = [
      ['age', age], ['sen_status', sen], ['primary_need', primary], ['secondary_need', secondary],
      ['setting', setting], ['service_stage', stage], ['social_care', social],
      ['health_services', health], ['locality', locality], ['la_code', la],
    ];
    for (const [column, verdict] of checked) if (!verdict.ok) issues.push({ column, reason: verdict.reason });
    return issues;
  }

  private caseIdReason(id: string | undefined): string {
    if (id === undefined) return REASONS.missing;
    const parsed = this.shape.case_id.safeParse(id);
    return parsed.success ? REASONS.case_id : (parsed.error.issues[0]?.message ?? REASONS.case_id);
  }
}

/** Builds the Case: its derived fields (need areas, age band, alternative provision) come from its codes (case.ts). */
export function caseFromRow(row: Row, line: number, extra: Record<string, string>): Case {
  return new CompactCase(
    line,
    row.case_id,
    packCodes({
      age: row.age,
      sen_status: row.sen_status,
      primary_need: row.primary_need,
      secondary_need: row.secondary_need ?? null,
      setting: row.setting,
      service_stage: row.service_stage,
      social_care: row.social_care ?? null,
    }),
    row.health_services ?? NO_SERVICES,
    row.locality ?? null,
    row.la_code ?? null,
    extra,
  );
}
