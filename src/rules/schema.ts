import { z } from 'zod';

/**
 * The rules file. Every handbook expectation is one of three counting shapes over a column of
 * the cohort, which is what lets the solver count valid samples exactly (docs/design.md).
 * Field names are the ones a person writes in the JSON; descriptions are filled in when absent.
 */
const ruleId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]*$/, 'must be lower-case letters, digits and dashes, like "age-spread"');
const column = z.string().min(1, 'must name a column of the cohort');
const count = z.number().int('must be a whole number').min(0, 'must be a whole number ≥ 0');
/**
 * How late a rule gives way under --relax (docs/soft-rules.md): 1 is eased first, 9 last; rules
 * of equal priority give way in file order. `hard` rules never give way.
 */
const priority = z.number().int('must be a whole number').min(1, 'must be from 1 to 9').max(9, 'must be from 1 to 9').default(5);
const hard = z.boolean().default(false);

export const AtLeastRuleSchema = z.strictObject({
  id: ruleId,
  kind: z.literal('at-least'),
  description: z.string().optional(),
  enabled: z.boolean().default(true),
  priority,
  hard,
  column,
  /** The values that count. With `each`, at least `atLeast` picks for every one of them. */
  values: z.array(z.string().min(1)).min(1, 'must list at least one value'),
  each: z.boolean().default(false),
  atLeast: count,
});

export const SpreadRuleSchema = z
  .strictObject({
    id: ruleId,
    kind: z.literal('spread'),
    description: z.string().optional(),
    enabled: z.boolean().default(true),
    priority,
    hard,
    column,
    /** At least this many different values among the picks. */
    distinct: count.optional(),
    /** No more than this many picks sharing one value. */
    atMost: count.optional(),
  })
  .refine((r) => r.distinct !== undefined || r.atMost !== undefined, {
    message: 'a spread rule needs "distinct", "atMost" or both',
  });

export const RuleSchema = z.discriminatedUnion('kind', [AtLeastRuleSchema, SpreadRuleSchema]);

/** The sample sizes allowed, in a rules file and on the command line (--size) alike. */
export const SIZE_BOUNDS = { min: 1, max: 20 } as const;

export const RulesSchema = z.strictObject({
  /** How many picks a sample has: the `size` rule. */
  size: count.min(SIZE_BOUNDS.min, `must be at least ${SIZE_BOUNDS.min}`).max(SIZE_BOUNDS.max, `must be at most ${SIZE_BOUNDS.max} (a tracking sample is about six)`),
  /** Whether a secondary need's broad area counts towards `need_area` rules. */
  countSecondaryNeeds: z.boolean().default(false),
  rules: z.array(RuleSchema).superRefine((rules, ctx) => {
    const seen = new Set<string>();
    rules.forEach((r, i) => {
      if (r.id === 'size') {
        ctx.addIssue({ code: 'custom', path: [i, 'id'], message: '"size" names the sample size; choose another id' });
      } else if (seen.has(r.id)) {
        ctx.addIssue({ code: 'custom', path: [i, 'id'], message: `"${r.id}" is used twice` });
      }
      seen.add(r.id);
    });
  }),
});

export type AtLeastRule = z.infer<typeof AtLeastRuleSchema>;
export type SpreadRule = z.infer<typeof SpreadRuleSchema>;
export type Rule = z.infer<typeof RuleSchema>;
export type Rules = z.infer<typeof RulesSchema>;
/** What a person writes: defaults (enabled, priority, hard, each, countSecondaryNeeds) may be left out. */
export type RulesInput = z.input<typeof RulesSchema>;
