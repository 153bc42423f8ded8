/** Why no valid sample exists, as text: the same for draw, check and odds. */
import type { Explanation } from '../solver/explain.js';
import { type Style } from './style.js';
import { plural } from '../words.js';

export function renderExplanation(e: Explanation, s: Style, indent = ''): string {
  const lines = [`${indent}${s.cross} ${s.bad('No valid sample.')} ${e.summary}`];
  if (e.conflicts.length > 0 && e.conflicts.some((c) => c.length > 0)) {
    lines.push('', `${indent}${s.bold('Rules that cannot be met together')}`);
    for (const ids of e.conflicts) lines.push(`${indent}  ${ids.join(' + ')}`);
  }
  if (e.facts.length > 0) {
    lines.push('', `${indent}${s.bold('What the cohort holds')}`);
    for (const fact of e.facts) lines.push(`${indent}  - ${fact}`);
  }
  if (e.relaxations.length > 0) {
    lines.push('', `${indent}${s.bold('What would make a sample possible')} (each checked by counting)`);
    for (const r of e.relaxations) lines.push(`${indent}  - ${r.change}: ${plural(r.validSamples, 'valid sample')}`);
  }
  // When no single change helps, the summary above already says so.
  return lines.join('\n');
}
