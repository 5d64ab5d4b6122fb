import { describe, expect, it } from 'vitest';
import { ALL_HARM_LABEL, HARM_GROUPS, harmSelectionLabel, harmShortLabel } from '../../geo/harmGroups';

const names: Record<string, string> = { burglary: 'Burglary' };
const label = (harm: string) => harmSelectionLabel(harm, (slug) => names[slug]);

describe('harm labels', () => {
  it('names a group, every category, one category, and an unknown one', () => {
    expect(label('violence')).toBe('Violence');
    expect(label('disorder')).toBe('Disorder and damage');
    expect(label('all')).toBe('All crime and ASB');
    expect(ALL_HARM_LABEL).toBe('All crime and ASB');
    expect(label('cat:burglary')).toBe('Burglary');
    expect(label('cat:unheard-of')).toBe('unheard-of');
    expect(label('nonsense')).toBe('nonsense');
  });

  it('shortens only ASB', () => {
    expect(harmShortLabel('asb')).toBe('ASB');
    expect(HARM_GROUPS.filter((g) => g.id !== 'asb').every((g) => harmShortLabel(g.id) === g.label)).toBe(true);
  });
});
