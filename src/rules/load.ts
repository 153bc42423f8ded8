import type { z } from 'zod';
import { readJsonFile } from '../json-file.js';
import { HANDBOOK_RULES } from './defaults.js';
import { describeRule } from './describe.js';
import { RulesSchema, type Rule, type Rules } from './schema.js';
import { isKnownColumn } from './columns.js';
import { parseAgeBand } from '../cohort/codes.js';
import { foldRuleColumn } from '../spelling.js';

/** A rules file that cannot be used; `problems` are "rules[3].atMost must be a whole number ≥ 0". */
export class RulesError extends Error {
  constructor(
    message: string,
    readonly problems: string[],
  ) {
    super(message);
    this.name = 'RulesError';
  }
}

function issuePath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) out += typeof part === 'number' ? `[${part}]` : out ? `.${String(part)}` : String(part);
  return out || '(the file)';
}

export function formatIssues(error: z.ZodError): string[] {
  return error.issues.map((issue) => {
    const where = issuePath(issue.path);
    // zod's own wording for unknown keys and bad types reads well after the path.
    const message = issue.message.replace(/^Invalid input: /, '');
    return `${where} ${message.startsWith('must') ? message : `: ${message}`}`.replace(' : ', ': ');
  });
}

/** Validates parsed JSON as a rules file and fills in every description. */
export function parseRules(json: unknown, name = 'rules file'): Rules {
  const result = RulesSchema.safeParse(json);
  if (!result.success) {
    const problems = formatIssues(result.error);
    throw new RulesError(`${name}: ${problems.join('; ')}`, problems);
  }
  const rules = result.data;
  return { ...rules, rules: rules.rules.map((r) => ({ ...withBandLabels(r), description: describeRule(r) })) };
}

export async function loadRules(path: string): Promise<Rules> {
  const file = await readJsonFile(path);
  if (!file.ok) {
    const reason = file.kind === 'not-json' ? `not valid JSON (${file.detail})` : file.reason;
    throw new RulesError(`${path}: ${reason}`, []);
  }
  return parseRules(file.json, path);
}

/** A rule over a column the cohort does not have would silently never be met: refuse it. */
export function checkRuleColumns(rules: Rules, extraHeaders: readonly string[], name = 'rules'): void {
  const problems: string[] = [];
  rules.rules.forEach((r, i) => {
    if (!isKnownColumn(r.column, extraHeaders)) {
      problems.push(`rules[${i}].column "${r.column}" is not a column of the cohort`);
    }
  });
  if (problems.length) throw new RulesError(`${name}: ${problems.join('; ')}`, problems);
}

export function defaultRules(): Rules {
  return structuredClone(HANDBOOK_RULES);
}

/**
 * An age_band rule's values as the one label the cases carry ("5-10" is read as "Age 5 to 10"),
 * so that rules files written with the short spelling keep working. Values that are not a band
 * are left as written; they simply match no case, as any unknown value does.
 */
function withBandLabels(rule: Rule): Rule {
  if (rule.kind !== 'at-least' || foldRuleColumn(rule.column) !== 'age_band') return rule;
  return { ...rule, values: rule.values.map((v) => parseAgeBand(v) ?? v) };
}
