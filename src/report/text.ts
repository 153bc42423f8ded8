/** Plain-text terminal rendering of every result; colour only through the Style passed in. */
export { renderDraw, renderRules, renderRuleList, cohortLine, type DrawTextOptions } from './text-draw.js';
export { renderCheck, renderCoverage, groupProblems } from './text-check.js';
export { renderOdds } from './text-odds.js';
export { renderExplanation } from './text-explain.js';
export { style, type Style } from './style.js';
