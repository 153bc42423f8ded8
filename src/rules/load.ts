import type { z } from 'zod';
import { readJsonFile } from '../json-file.js';
import { HANDBOOK_RULES } from './defaults.js';
import { describeRule } from './describe.js';
import { RulesSchema, type Rules } from './schema.js';
import { isKnownColumn, ruleValue } from './columns.js';

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
  // Values are read as the cohort's are ("PRU" is ap): an unknown code would match nothing.
  const problems: string[] = [];
  const read = rules.rules.map((r, i) => {
    if (r.kind !== 'at-least') return r;
    const values = r.values.map((v, j) => {
      const value = ruleValue(r.column, v);
      if ('reason' in value) {
        problems.push(`rules[${i}].values[${j}] '${v}' ${value.reason}`);
        return v;
      }
      return value.code;
    });
    return { ...r, values: [...new Set(values)] };
  });
  if (problems.length) throw new RulesError(`${name}: ${problems.join('; ')}`, problems);
  return { ...rules, rules: read.map((r) => ({ ...r, description: describeRule(r) })) };
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

