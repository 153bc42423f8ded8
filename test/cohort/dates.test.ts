import { describe, expect, it } from 'vitest';
import { ageOn, parseDateOfBirth, resolveAgeOn, type CalendarDate } from '../../src/cohort/dates.js';

const date = (iso: string): CalendarDate => {
  const [y, m, d] = iso.split('-').map(Number);
  return { y: y!, m: m!, d: d! };
};

describe('parseDateOfBirth', () => {
  it('reads dd/mm/yyyy day first, ISO dates and named months', () => {
    const cases: [string, string][] = [
      ['05/10/2015', '2015-10-05'],
      ['5/1/2015', '2015-01-05'],
      ['13/01/2015', '2015-01-13'],
      ['05-10-2015', '2015-10-05'],
      ['05.10.2015', '2015-10-05'],
      ['2015-10-05', '2015-10-05'],
      ['2015-10-05 00:00:00', '2015-10-05'],
      ['2015-10-05T00:00:00Z', '2015-10-05'],
      ['5 Oct 2015', '2015-10-05'],
      ['05-October-2015', '2015-10-05'],
      [' 29/02/2016 ', '2016-02-29'],
    ];
    for (const [text, iso] of cases) expect(parseDateOfBirth(text), text).toEqual({ ok: true, date: date(iso) });
  });

  it('refuses two-digit years and impossible dates, saying which, without repeating the value', () => {
    for (const text of ['05/10/15', '5 Oct 15']) {
      const reading = parseDateOfBirth(text);
      expect(reading.ok, text).toBe(false);
      if (!reading.ok) expect(reading.reason).toMatch(/two-digit year/);
    }
    for (const text of ['31/02/2015', '29/02/2015', '2015-13-01', '00/01/2015', '31/04/2015', '2015-02-30']) {
      const reading = parseDateOfBirth(text);
      expect(reading, text).toEqual({ ok: false, reason: 'is not a real date (no such day in that month)' });
    }
    for (const text of ['soon', '2015', '10/2015', '5 Foo 2015', '05/10/2015/1']) {
      const reading = parseDateOfBirth(text);
      expect(reading.ok, text).toBe(false);
      if (!reading.ok) expect(reading.reason).not.toContain(text);
    }
  });
});

describe('ageOn', () => {
  it('counts whole years, a birthday reached on its day', () => {
    expect(ageOn(date('2015-09-01'), date('2025-08-31'))).toBe(9);
    expect(ageOn(date('2015-08-31'), date('2025-08-31'))).toBe(10);
    expect(ageOn(date('2015-09-01'), date('2025-09-01'))).toBe(10);
    expect(ageOn(date('2015-12-31'), date('2026-01-01'))).toBe(10);
    expect(ageOn(date('2025-08-31'), date('2025-08-31'))).toBe(0);
    expect(ageOn(date('2025-09-01'), date('2025-08-31'))).toBe(-1);
  });

  it('a 29 February birthday comes on 1 March in a year without one, on 29 February in a leap year', () => {
    const born = date('2012-02-29');
    expect(ageOn(born, date('2023-02-28'))).toBe(10);
    expect(ageOn(born, date('2023-03-01'))).toBe(11);
    expect(ageOn(born, date('2024-02-28'))).toBe(11);
    expect(ageOn(born, date('2024-02-29'))).toBe(12);
    expect(ageOn(date('2012-02-28'), date('2023-02-28'))).toBe(11);
    expect(ageOn(date('2012-03-01'), date('2024-02-29'))).toBe(11);
  });

  it('agrees with counting birthdays one by one, over many dates', () => {
    // Brute force: step day by day and add a year at each anniversary (29 Feb → 1 Mar).
    const days = (iso: string) => Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10)) / 864e5;
    const from = days('2000-01-01');
    for (let born = from; born < from + 3 * 366; born += 37) {
      const b = new Date(born * 864e5);
      const birth = { y: b.getUTCFullYear(), m: b.getUTCMonth() + 1, d: b.getUTCDate() };
      let age = 0;
      for (let t = born + 1; t < born + 25 * 366; t++) {
        const on = new Date(t * 864e5);
        const o = { y: on.getUTCFullYear(), m: on.getUTCMonth() + 1, d: on.getUTCDate() };
        const leapDayBirth = birth.m === 2 && birth.d === 29;
        const isLeapYear = new Date(Date.UTC(o.y, 1, 29)).getUTCMonth() === 1;
        const anniversary = leapDayBirth && !isLeapYear ? o.m === 3 && o.d === 1 : o.m === birth.m && o.d === birth.d;
        if (anniversary) age++;
        if (t % 97 === 0) expect(ageOn(birth, o)).toBe(age);
      }
    }
  });
});

describe('resolveAgeOn', () => {
  const at = (iso: string) => new Date(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10), 12);

  it('dfe is the latest 31 August on or before today', () => {
    expect(resolveAgeOn('dfe', at('2026-12-01'))).toEqual({ ok: true, date: '2026-08-31' });
    expect(resolveAgeOn('dfe', at('2026-08-31'))).toEqual({ ok: true, date: '2026-08-31' });
    expect(resolveAgeOn('dfe', at('2026-08-30'))).toEqual({ ok: true, date: '2025-08-31' });
    expect(resolveAgeOn('DfE', at('2026-01-01'))).toEqual({ ok: true, date: '2025-08-31' });
    expect(resolveAgeOn('dfe', at('2026-09-01'))).toEqual({ ok: true, date: '2026-08-31' });
  });

  it('dfe:YYYY is 31 August YYYY; a date is itself; anything else is refused', () => {
    const today = at('2026-12-01');
    expect(resolveAgeOn('dfe:2024', today)).toEqual({ ok: true, date: '2024-08-31' });
    expect(resolveAgeOn('2025-01-16', today)).toEqual({ ok: true, date: '2025-01-16' });
    expect(resolveAgeOn('2024-02-29', today)).toEqual({ ok: true, date: '2024-02-29' });
    expect(resolveAgeOn('2025-02-29', today)).toEqual({ ok: false, reason: 'is not a real date' });
    for (const bad of ['31/08/2025', 'dfe:25', 'dfe:', 'today', '2025-8-31']) expect(resolveAgeOn(bad, today).ok, bad).toBe(false);
  });
});
