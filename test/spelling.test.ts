import { describe, expect, it } from 'vitest';
import { foldHeader, foldRuleColumn, foldSpelling, foldValueKey } from '../src/spelling.js';

// The table at the top of src/spelling.ts, one row per fold.
describe('spelling folds', () => {
  it('folds a header: case, surrounding spaces, a byte-order mark and inner separators', () => {
    expect(foldHeader('\uFEFF Case_ID ')).toBe('caseid');
    expect(foldHeader('CASE-ID')).toBe(foldHeader('case id'));
    expect(foldHeader('a/b')).toBe('a/b');
  });

  it('folds a rule column to snake_case', () => {
    expect(foldRuleColumn(' Need-Area ')).toBe('need_area');
    expect(foldRuleColumn('need  __ area')).toBe('need_area');
    expect(foldRuleColumn('needarea')).not.toBe(foldRuleColumn('need area'));
  });

  it('folds a spelling with slashes as well', () => {
    expect(foldSpelling(' Pupil Referral/Unit ')).toBe('pupilreferralunit');
    expect(foldSpelling('PUPIL_REFERRAL_UNIT')).toBe(foldSpelling('pupil-referral-unit'));
  });

  it('folds a mapping value key by case and surrounding spaces only', () => {
    expect(foldValueKey('  Resourced Base ')).toBe('resourced base');
    expect(foldValueKey('resourced-base')).not.toBe(foldValueKey('resourced base'));
  });
});
