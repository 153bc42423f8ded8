import type { AgeBand, NeedArea, SenStatus, SenType, ServiceStage, Setting, SocialCare } from './codes.js';

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
  age: number;
  age_band: AgeBand;
  sen_status: SenStatus;
  primary_need: SenType;
  /** The broad area of `primary_need`; `null` for DS, OTH and NSA, which belong to none. */
  need_area: NeedArea | null;
  secondary_need: SenType | null;
  secondary_need_area: NeedArea | null;
  setting: Setting;
  alternative_provision: boolean;
  service_stage: ServiceStage;
  social_care: SocialCare | null;
  /** Shared between cases with the same services (a million rows hold a few dozen lists). */
  health_services: readonly string[];
  locality: string | null;
  la_code: string | null;
  /**
   * Columns the contract does not name, by their header as written in the file. Kept so a
   * rules file can spread over them; identifier-like columns never get here.
   */
  extra: Readonly<Record<string, string>>;
}
