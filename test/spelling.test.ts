import { describe, expect, it } from 'vitest';
import { foldHeader, foldRuleColumn, foldSpelling, foldValueKey } from '../src/spelling.js';

// The table at the top of src/spelling.ts, one row per fold.
describe('spelling folds', () => {
  it('folds a header: case, surrounding spaces, a byte-order mark and inner separators', () => {
    expect(foldHeader('\uFEFF Case_ID ')).toBe('caseid');
    expect(foldHeader('CASE-ID')).toBe(foldHeader('case id'));
    expect(foldHeader('a/b')).toBe('a/b');
  });

  it('folds a rule column as a header: healthservices is health_services', () => {
    expect(foldRuleColumn(' Need-Area ')).toBe(foldRuleColumn('need_area'));
    expect(foldRuleColumn('need  __ area')).toBe(foldRuleColumn('need_area'));
    expect(foldRuleColumn('healthservices')).toBe(foldRuleColumn('health_services'));
    expect(foldRuleColumn('Health Services')).toBe(foldHeader('Health Services'));
    expect(foldRuleColumn('la_code')).not.toBe(foldRuleColumn('la_cod'));
  });

  it('compares text after Unicode NFC: a composed and a decomposed ô are one', () => {
    const composed = 'Ynys M\u00f4n';
    const decomposed = 'Ynys Mo\u0302n';
    expect(composed).not.toBe(decomposed);
    expect(foldSpelling(composed)).toBe(foldSpelling(decomposed));
    expect(foldHeader(`${decomposed} code`)).toBe(foldHeader(`${composed} code`));
    expect(foldValueKey(decomposed)).toBe(foldValueKey(composed));
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
