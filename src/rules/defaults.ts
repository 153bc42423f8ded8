import { NEED_AREAS } from '../cohort/codes.js';
import type { Rules } from './schema.js';

/**
 * The handbook's expectations, as the sampler applies them by default. The priorities say which
 * gives way first under --relax when a cohort cannot meet them all; docs/soft-rules.md gives
 * the reading of the handbook behind them (its "usually").
 */
export const HANDBOOK_RULES: Rules = {
  size: 6,
  countSecondaryNeeds: false,
  rules: [
    {
      id: 'need-areas',
      kind: 'at-least',
      description: 'at least 1 pick whose primary need is in each of the four broad areas of need',
      enabled: true,
      priority: 4,
      hard: false,
      column: 'need_area',
      values: [...NEED_AREAS],
      each: true,
      atLeast: 1,
    },
    {
      id: 'alternative-provision',
      kind: 'at-least',
      description: 'at least 1 pick in alternative provision',
      enabled: true,
      priority: 3,
      hard: false,
      column: 'setting',
      values: ['ap'],
      each: false,
      atLeast: 1,
    },
    {
      id: 'sen-support',
      kind: 'at-least',
      description: 'at least 2 picks on SEN support',
      enabled: true,
      priority: 6,
      hard: false,
      column: 'sen_status',
      values: ['SEN support'],
      each: false,
      atLeast: 2,
    },
    {
      id: 'age-spread',
      kind: 'spread',
      description: 'picks from at least 3 of the 5 age bands, and no more than 2 from any one band',
      enabled: true,
      priority: 7,
      hard: false,
      column: 'age_band',
      distinct: 3,
      atMost: 2,
    },
    {
      id: 'stage-spread',
      kind: 'spread',
      description: 'picks at at least 3 different service stages, and no more than 2 at any one stage',
      enabled: true,
      priority: 7,
      hard: false,
      column: 'service_stage',
      distinct: 3,
      atMost: 2,
    },
  ],
};
