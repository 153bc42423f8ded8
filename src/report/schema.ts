/**
 * The shape of every JSON document the tool writes, in one place: the `--json` output of
 * `draw`, `check` and `odds`, and the audit record. The builders in json.ts and output.ts are
 * typed by these schemas, `npm run schemas` turns them into the JSON Schemas in docs/schema/,
 * and a test validates each command's real output against those files. A new field goes here
 * first.
 *
 * One vocabulary across them (and the CSV files and the review session):
 * - keys are snake_case; only the rules file (see src/rules/schema.ts), which people write by
 *   hand, is camelCase, and it is embedded as it is, under `rules_file`;
 * - `format_version` comes first and changes only when a field changes meaning or goes away;
 * - `rules` is always the rules in force (`id`, `description`), `rule_results` how a sample
 *   stands against them, in one shape wherever a sample is judged;
 * - a case that must be in the sample is *pinned* (`--pin`, `pinned`), one that must not be is
 *   *excluded* (`--exclude`, `excluded`);
 * - exact counts are decimal strings: JSON numbers lose exactness past 2^53, and the number of
 *   valid samples passes that on any real cohort.
 */
import * as z from 'zod';
import { RulesSchema } from '../rules/schema.js';

/** The version of every document's shape; see `format_version` above. */
export const FORMAT_VERSION = 1;

const formatVersion = z.literal(FORMAT_VERSION).describe('The version of this document\'s shape: a field changing meaning or going away raises it.');
const count = z.number().int().min(0);
const exactCount = z.string().regex(/^\d+$/).describe('An exact whole number as a decimal string (it can exceed 2^53).');
const caseIds = z.array(z.string());
const chance = z.number().min(0).max(1);
const selection = z.enum(['uniform', 'fair']).describe('How the sample is chosen among the valid ones: uniformly, or fairly to each case (--selection).');
const easedValue = z.union([z.number(), z.array(z.string()), z.boolean()]);

export const CohortJsonSchema = z
  .object({
    file: z.string().describe('The cohort file as given on the command line; "stdin" for -.'),
    sheet: z.string().optional().describe('For a workbook, the sheet read.'),
    rows: count.describe('Data rows in the file.'),
    valid: count.describe('Rows that passed every check.'),
    skipped: count.describe('Invalid rows left out with --skip-invalid.'),
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
  })
  .describe('The cohort file read.');

export const RuleJsonSchema = z
  .object({
    id: z.string().describe('"size" for the sample size, otherwise the rule\'s id in the rules file.'),
    description: z.string(),
  })
  .describe('A rule in force.');

export const RuleResultJsonSchema = z
  .object({
    id: z.string(),
    description: z.string(),
    satisfied: z.boolean(),
    progress: z.string().describe('Where the sample stands, in words: "5 (at least 2)".'),
    shortfall: z.string().nullable().describe('What is missing or over, when not satisfied.'),
  })
  .describe('How a sample stands against one rule.');

export const ExplanationJsonSchema = z
  .object({
    summary: z.string(),
    conflicts: z.array(z.array(z.string())).describe('Smallest sets of rule ids that no sample can meet together.'),
    facts: z.array(z.string()).describe('What the cohort lacks, in words.'),
    relaxations: z
      .array(z.object({ change: z.string().describe('The edit to the rules, in words.'), valid_samples: exactCount }))
      .describe('Single changes to the rules that would let a sample exist, with how many there would then be.'),
  })
  .describe('Why no valid sample exists.');

export const CaseFieldsSchema = z.object({
  case_id: z.string(),
  line: z.number().int().min(1).describe('The line of the cohort file the case came from.'),
  age: count,
  age_band: z.string(),
  sen_status: z.string(),
  primary_need: z.string(),
  need_area: z.string().nullable(),
  secondary_need: z.string().nullable(),
  secondary_need_area: z.string().nullable(),
  setting: z.string(),
  alternative_provision: z.boolean(),
  service_stage: z.string(),
  social_care: z.string().nullable(),
  health_services: z.array(z.string()),
  locality: z.string().nullable(),
  la_code: z.string().nullable(),
  extra: z.record(z.string(), z.string()).optional().describe('Extra columns of the file that a rule counts over.'),
});

export const PickJsonSchema = CaseFieldsSchema.extend({
  covers: z.array(z.string()).describe('Ids of the rules this pick helps meet.'),
  pinned: z.boolean().describe('Pinned with --pin (or on the review screen): redraws keep it.'),
});

export const ReserveJsonSchema = CaseFieldsSchema.extend({
  replaces: caseIds.describe('The picks this reserve can replace with every rule still met.'),
});

export const EasingJsonSchema = z
  .object({
    id: z.string().describe('The rule eased.'),
    field: z.enum(['atLeast', 'distinct', 'atMost', 'values', 'enabled']).describe('The rules-file field that changed (so named as in the rules file).'),
    from: easedValue,
    to: easedValue,
    why: z.string(),
  })
  .describe('One change --relax made to one field of one rule.');

/**
 * What --relax eased, kept apart from an explanation's suggested relaxations (which say what
 * would help; these say what was done). Always present: `relaxed` false and `[]` when nothing
 * gave way, with or without --relax.
 */
const relaxationFields = {
  relaxed: z.boolean().describe('Whether --relax eased any rule: the picks then meet the eased rules.'),
  relaxation: z.array(EasingJsonSchema),
};

export const DrawJsonSchema = z
  .object({
    format_version: formatVersion,
    feasible: z.boolean().describe('Whether a sample meets every rule as given (false when --relax eased some).'),
    ...relaxationFields,
    seed: z.string(),
    selection: selection,
    smallest_chance: chance.nullable().describe('Under fair selection, the smallest chance of a case that can be picked (else null).'),
    largest_chance: chance.nullable().describe('Under fair selection, the largest chance of a case that can be picked (else null).'),
    size: count,
    cohort: CohortJsonSchema,
    rules: z.array(RuleJsonSchema),
    picks: z.array(PickJsonSchema),
    reserves: z.array(ReserveJsonSchema),
    rule_results: z.array(RuleResultJsonSchema),
    valid_samples: exactCount.describe('How many samples meet every rule; each was equally likely to be drawn.'),
    explanation: ExplanationJsonSchema.nullable(),
  })
  .describe('tracking-sampler draw --json');

export const ProblemJsonSchema = z.object({
  kind: z.string(),
  line: z.number().int().nullable().describe('In a workbook, the row number in the sheet.'),
  end_line: z.number().int().optional().describe('The last line of a record that spans lines, when that is part of the problem (a quote that swallowed rows).'),
  sheet: z.string().optional().describe('In a workbook, the sheet.'),
  column: z.string().nullable(),
  value: z.string().nullable(),
  reason: z.string(),
  message: z.string(),
});

const counts = z.record(z.string(), count);

export const RuleSupplyJsonSchema = z
  .object({
    id: z.string(),
    description: z.string(),
    kind: z.enum(['at-least', 'spread']),
    column: z.string(),
    supply: count.describe('Cases with one of the rule\'s values (at-least) or with any value (spread).'),
    by_value: counts,
  })
  .describe('How many cases could help meet a rule.');

export const CoverageJsonSchema = z.object({
  cases: count,
  need_area: counts,
  primary_need: counts,
  sen_status: counts,
  alternative_provision: z.object({ yes: count, no: count }),
  age_band: counts,
  service_stage: counts,
  setting: counts,
  social_care: counts,
  need_area_by_age_band: z.record(z.string(), counts),
  rule_supply: z.array(RuleSupplyJsonSchema),
});

export const SupplyJsonSchema = z
  .record(z.string(), z.union([count, counts]))
  .describe(
    'Per rule id: cases per value for an at-least rule over each of its values, the cases that count for any other at-least rule, the distinct values for a spread.',
  );

/**
 * One group of check --by: flat apart from `supply`, so that pandas.json_normalize gives the
 * columns of check --out F.csv. The --by column's value comes first, under the column's name
 * (`la_code`), so the one key not listed here is that one.
 */
export const CheckGroupJsonSchema = z
  .object({
    rows: count.describe('Data rows in the group, valid or not.'),
    valid_rows: count,
    invalid_rows: count,
    feasible: z.boolean().nullable().describe('null for the group of rows whose --by value is itself invalid.'),
    valid_samples: exactCount.nullable(),
    short: z.string().nullable().describe('What the group is short of, in words, when it cannot meet the rules.'),
    ...relaxationFields,
    supply: SupplyJsonSchema,
  })
  .catchall(z.string().nullable().describe('The --by column, named as the column is, with the group\'s value (null for none).'));

export const CheckJsonSchema = z
  .object({
    format_version: formatVersion,
    cohort: CohortJsonSchema.extend({
      columns: z.object({ found: z.array(z.string()), extra: z.array(z.string()), withheld: z.array(z.string()) }),
    }),
    size: count,
    rules: z.array(RuleJsonSchema),
    problems: z.object({
      invalid_rows: z.array(ProblemJsonSchema).describe('Invalid rows, each with its first problem.'),
      warnings: z.array(ProblemJsonSchema),
    }),
    coverage: CoverageJsonSchema,
    refused: z.boolean().describe('Invalid rows were found and --skip-invalid was not given: no verdict.'),
    feasible: z.boolean().nullable().describe('Whether a valid sample exists under the rules as given (with --by, in every group); null when refused.'),
    relaxed: z.boolean().describe('Whether --relax eased any rule (with --by, in any group: each group has its own relaxation).'),
    relaxation: z.array(EasingJsonSchema).describe('What --relax eased; empty with --by (see each group).'),
    valid_samples: exactCount.nullable().describe('Without --by, the exact count; null with --by (see groups) or when refused.'),
    explanation: ExplanationJsonSchema.nullable(),
    by: z.string().optional().describe('The --by column.'),
    groups: z.array(CheckGroupJsonSchema).optional(),
  })
  .describe('tracking-sampler check --json');

const OddsGroupJsonSchema = z.object({
  label: z.string().describe('What the rules see of these cases.'),
  view: z.record(z.string(), z.string()).describe('Rule id → what that rule sees of these cases.'),
  cases: count,
  chance: z.number().min(0).max(1),
  examples: caseIds,
});

export const OddsJsonSchema = z
  .object({
    format_version: formatVersion,
    cohort: CohortJsonSchema,
    size: count,
    rules: z.array(RuleJsonSchema),
    selection: selection,
    smallest_chance: chance.nullable().describe('Among cases that can be picked (pins aside), under the selection asked for; null when there is no sample or no case left to pick.'),
    largest_chance: chance.nullable(),
    uniform_smallest_chance: chance.nullable().describe('The same under uniform selection, to compare with.'),
    uniform_largest_chance: chance.nullable(),
    feasible: z.boolean().describe('About the rules as given; the chances are under the rules in force (eased with --relax).'),
    ...relaxationFields,
    valid_samples: exactCount,
    explanation: ExplanationJsonSchema.nullable(),
    cases: count,
    by_rule: z.array(
      z.object({ rule: z.string(), column: z.string(), value: z.string(), label: z.string(), cases: count, chance: z.number().min(0).max(1) }),
    ),
    groups: z.array(OddsGroupJsonSchema).describe('Cases that can be picked, most likely first.'),
    never: z.array(OddsGroupJsonSchema.extend({ reason: z.string() })).describe('Cases that can never be picked, and why.'),
    pinned: caseIds,
    excluded: caseIds,
  })
  .describe('tracking-sampler odds --json');

export const AUDIT_ACTIONS = ['draw', 'swap', 'pin', 'unpin', 'drop', 'redraw', 'undo', 'redo'] as const;

export const AuditEventSchema = z.object({
  at: z.string().describe('ISO 8601 time.'),
  action: z.enum(AUDIT_ACTIONS),
  case_id: z.string().optional(),
  with: z.string().optional().describe('For a swap: the case_id that took case_id\'s place.'),
  reason: z.string().optional().describe('Why, as the inspector gave it.'),
  seed: z.string().optional().describe('For a draw or redraw: the seed it used.'),
  detail: z.string().describe('One line for people.'),
});

export const AuditJsonSchema = z
  .object({
    format_version: formatVersion,
    tool: z.literal('tracking-sampler'),
    tool_version: z.string(),
    created_at: z.string(),
    cohort: CohortJsonSchema,
    rules_source: z.string().describe('The rules file, or "handbook defaults".'),
    rules_file: RulesSchema.describe('The rules as given, as a rules file (camelCase, as people write it), --size applied.'),
    ...relaxationFields,
    rules_file_in_force: RulesSchema.describe('The rules the picks were drawn under: rules_file, eased when relaxed.'),
    rules: z.array(RuleJsonSchema).describe('The rules in force.'),
    seed: z.string(),
    options: z.object({
      size: count,
      pinned: caseIds,
      excluded: caseIds.describe('Every case excluded: --exclude\'s and, after them, the --exclude-file\'s.'),
      exclude_file: z.object({ path: z.string(), case_ids: caseIds }).nullable().describe('The --exclude-file and the ids it contributed that the cohort has.'),
      relax: z.boolean(),
      selection: selection,
      reserves: count,
      skip_invalid: z.boolean(),
      allow_identifiers: z.boolean(),
      mapping: z.string().nullable(),
    }),
    valid_samples: exactCount.describe('The valid samples of the first draw.'),
    picks: z.array(PickJsonSchema),
    reserves: z.array(ReserveJsonSchema),
    rule_results: z.array(RuleResultJsonSchema),
    events: z.array(AuditEventSchema),
    rerun: z.string().describe('The command that draws the same first sample again.'),
    rerun_note: z.string().optional(),
    files: z
      .array(z.object({ file: z.string().describe('Relative to the audit record\'s folder when there.'), sha256: z.string().regex(/^[0-9a-f]{64}$/), bytes: count }))
      .describe('The sample CSV this record describes, with its SHA-256, so a CSV and an audit that do not belong together show.'),
  })
  .describe('The audit record written beside a sample CSV');

export type CohortJson = z.infer<typeof CohortJsonSchema>;
export type RuleJson = z.infer<typeof RuleJsonSchema>;
export type EasingJson = z.infer<typeof EasingJsonSchema>;
export type RelaxationJson = { relaxed: boolean; relaxation: EasingJson[] };
export type RuleResultJson = z.infer<typeof RuleResultJsonSchema>;
export type ExplanationJson = z.infer<typeof ExplanationJsonSchema>;
export type CaseFields = z.infer<typeof CaseFieldsSchema>;
export type DrawJson = z.infer<typeof DrawJsonSchema>;
export type CoverageJson = z.infer<typeof CoverageJsonSchema>;
export type ProblemJson = z.infer<typeof ProblemJsonSchema>;
export type SupplyJson = z.infer<typeof SupplyJsonSchema>;
export type GroupJson = z.infer<typeof CheckGroupJsonSchema>;
export type CheckJson = z.infer<typeof CheckJsonSchema>;
export type OddsJson = z.infer<typeof OddsJsonSchema>;
export type AuditEvent = z.infer<typeof AuditEventSchema>;
export type AuditJson = z.infer<typeof AuditJsonSchema>;
