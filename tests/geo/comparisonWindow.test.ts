import { describe, expect, it } from 'vitest';
import { clipToHeld, comparisonLabel, comparisonWindow } from '../../geo/comparisonWindow';

// 2023-01 .. 2025-11, as the shared data hold, written out rather than generated with geo/month.
const HELD: string[] = [];
for (let y = 2023; y <= 2025; y++) for (let m = 1; m <= 12; m++) if (y < 2025 || m <= 11) HELD.push(`${y}-${String(m).padStart(2, '0')}`);

describe('clipToHeld', () => {
  it('keeps a window inside the data', () => {
    expect(clipToHeld({ from: '2024-03', to: '2024-08' }, HELD)).toEqual({ from: '2024-03', to: '2024-08' });
  });
  it('cuts a window at either end of the data', () => {
    expect(clipToHeld({ from: '2025-01', to: '2025-12' }, HELD)).toEqual({ from: '2025-01', to: '2025-11' });
    expect(clipToHeld({ from: '2022-07', to: '2023-06' }, HELD)).toEqual({ from: '2023-01', to: '2023-06' });
  });
  it('is null when no month is held', () => {
    expect(clipToHeld({ from: '2026-01', to: '2026-03' }, HELD)).toBeNull();
    expect(clipToHeld({ from: '2024-01', to: '2024-12' }, [])).toBeNull();
  });
});

describe('comparisonWindow', () => {
  it('previous: the same number of months, ending the month before', () => {
    expect(comparisonWindow({ from: '2025-01', to: '2025-11' }, HELD).window).toEqual({ from: '2024-02', to: '2024-12' });
    expect(comparisonWindow({ from: '2025-11', to: '2025-11' }, HELD).window).toEqual({ from: '2025-10', to: '2025-10' });
    expect(comparisonWindow({ from: '2023-07', to: '2023-12' }, HELD).window).toEqual({ from: '2023-01', to: '2023-06' });
  });
  it('previous: null when any of its months is not held, with what it would have been', () => {
    const c = comparisonWindow({ from: '2023-01', to: '2023-12' }, HELD);
    expect(c.window).toBeNull();
    expect(c.wanted).toEqual({ from: '2022-01', to: '2022-12' });
    expect(comparisonLabel(c)).toMatch(/^no earlier data/);
    expect(comparisonWindow({ from: '2023-02', to: '2023-03' }, HELD).window).toBeNull();
  });
  it('previous: a gap inside the comparison months makes it null', () => {
    const gappy = HELD.filter((m) => m !== '2024-05');
    expect(comparisonWindow({ from: '2024-07', to: '2024-12' }, gappy).window).toBeNull();
    expect(comparisonWindow({ from: '2024-07', to: '2024-12' }, HELD).window).toEqual({ from: '2024-01', to: '2024-06' });
  });
  it('average3: three periods of equal length, null unless all are held', () => {
    const c = comparisonWindow({ from: '2025-09', to: '2025-11' }, HELD, 'average3');
    expect(c.periods).toBe(3);
    expect(c.window).toEqual({ from: '2024-12', to: '2025-08' });
    expect(comparisonWindow({ from: '2024-01', to: '2024-06' }, HELD, 'average3').window).toBeNull();
    expect(comparisonWindow({ from: '2024-10', to: '2024-12' }, HELD, 'average3').window).toEqual({ from: '2024-01', to: '2024-09' });
  });
  it('no used window, no comparison', () => {
    expect(comparisonWindow(null, HELD)).toMatchObject({ wanted: null, window: null });
  });
});
