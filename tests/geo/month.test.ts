import { describe, expect, it } from 'vitest';
import { addMonths, financialYear, isMonth, monthFromIndex, monthIndex, monthLabel, monthRange, rangeLabel } from '../../geo/month';
import { monthName, periodLabel } from '../../server/report/format';

describe('one month rule for client, server and importer', () => {
  it('accepts YYYY-MM with month 01 to 12, whatever the year', () => {
    for (const m of ['2025-01', '2025-12', '1985-06', '2150-03', '0000-01']) expect(isMonth(m)).toBe(true);
  });
  it('refuses everything else', () => {
    for (const m of [
      '2025-00',
      '2025-13',
      '2025-1',
      '25-01',
      '2025-01-01',
      ' 2025-01',
      '2025-01 ',
      '2025/01',
      '',
      'abcd-ef',
      '２０２５-01',
    ])
      expect(isMonth(m), m).toBe(false);
    expect(isMonth(null)).toBe(false);
    expect(isMonth(undefined)).toBe(false);
  });
});

describe('month arithmetic', () => {
  it('round-trips through the index for every month of a span of years', () => {
    for (let i = monthIndex('1999-01'); i <= monthIndex('2031-12'); i++) {
      const m = monthFromIndex(i);
      expect(isMonth(m)).toBe(true);
      expect(monthIndex(m)).toBe(i);
    }
  });
  it('crosses year ends both ways', () => {
    expect(addMonths('2024-12', 1)).toBe('2025-01');
    expect(addMonths('2025-01', -1)).toBe('2024-12');
    expect(addMonths('2025-03', -27)).toBe('2022-12');
    expect(monthRange('2024-11', '2025-02')).toEqual(['2024-11', '2024-12', '2025-01', '2025-02']);
    expect(financialYear(2024)).toEqual({ from: '2024-04', to: '2025-03' });
  });
});

describe('month names: one list for the map and the pack', () => {
  it('labels short on the map and long in the pack', () => {
    expect(monthLabel('2025-11')).toBe('Nov 2025');
    expect(monthLabel('2025-09', true)).toBe('September 2025');
    expect(rangeLabel('2025-06', '2025-11')).toBe('Jun–Nov 2025');
    expect(rangeLabel('2024-12', '2025-11')).toBe('Dec 2024–Nov 2025');
    expect(rangeLabel('2025-11', '2025-11')).toBe('Nov 2025');
    expect(monthName('2025-03')).toBe('March 2025');
    expect(periodLabel('2025-01', '2025-03')).toBe('January 2025 to March 2025 (2025-01 to 2025-03)');
  });
});
