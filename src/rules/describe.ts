import type { Rule, Rules } from './schema.js';
import { plural } from '../words.js';


/** A plain-English sentence for a rule a file left undescribed. */
export function describeRule(rule: Rule): string {
  if (rule.description) return rule.description;
  if (rule.kind === 'at-least') {
    const values = rule.values.join(', ');
    return rule.each
      ? `at least ${plural(rule.atLeast, 'pick')} with each ${rule.column} of: ${values}`
      : `at least ${plural(rule.atLeast, 'pick')} with ${rule.column} ${rule.values.length > 1 ? `one of ${values}` : values}`;
  }
  const parts: string[] = [];
  if (rule.distinct !== undefined) parts.push(`picks with at least ${plural(rule.distinct, 'different ' + rule.column + ' value')}`);
  if (rule.atMost !== undefined) parts.push(`no more than ${plural(rule.atMost, 'pick')} sharing one ${rule.column}`);
  return parts.join(', and ');
}

export function describeSize(rules: Rules): string {
  return `${plural(rules.size, 'pick')}`;
}
