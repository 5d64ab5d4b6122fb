import { describe, expect, it } from 'vitest';
import { DEFAULT_INSTITUTION_RULES, institutionClassifier, InstitutionRulesError, parseInstitutionRules } from '../../geo/institutions';

describe('institutionClassifier (default list)', () => {
  const classify = institutionClassifier();
  it('recognises police.uk institution points by their whole name', () => {
    expect(classify('On or near Prison')?.kind).toBe('prison');
    expect(classify('On or near Hospital')?.kind).toBe('hospital');
    expect(classify('On or near Police Station')?.kind).toBe('police station');
    expect(classify('on or near  police   station ')?.kind).toBe('police station');
    expect(classify('On or near James Cook University Hospital')?.kind).toBe('hospital');
    expect(classify('On or near HMP Holme House')?.kind).toBe('prison');
    expect(classify('On or near Teesside Magistrates Court')?.kind).toBe('court');
  });
  it('leaves streets named after institutions alone', () => {
    for (const street of [
      'On or near Hospital Lane',
      'On or near Prison Road',
      'On or near Court Road',
      'On or near Earls Court Road',
      'On or near Willow Court',
      'On or near Station Road',
      'On or near Police Station Road',
      'On or near Parking Area',
      'On or near ',
      'On or near Hampton Court Drive',
    ]) {
      expect(classify(street), street).toBeNull();
    }
  });
  it('matches "contains" rules as whole words only', () => {
    expect(classify('On or near HMPS Road')).toBeNull();
    expect(classify('On or near Old Infirmary Close')?.kind).toBe('hospital');
  });
  it('gives every default rule a plain reason', () => {
    expect(DEFAULT_INSTITUTION_RULES.length).toBeGreaterThan(5);
    for (const r of DEFAULT_INSTITUTION_RULES) expect(r.why.length).toBeGreaterThan(10);
  });
});

describe('parseInstitutionRules', () => {
  it('accepts an edited list and classifies by it', () => {
    const rules = parseInstitutionRules(
      { rules: [{ kind: 'stadium', name: 'Riverside Stadium', why: 'Match-day offences inside the ground.' }] },
      'mine.json',
    );
    const classify = institutionClassifier(rules);
    expect(classify('On or near Riverside Stadium')).toEqual({ kind: 'stadium', why: 'Match-day offences inside the ground.' });
    expect(classify('On or near Prison')).toBeNull();
  });
  it('names the file and the rule that is wrong', () => {
    expect(() => parseInstitutionRules([], 'a.json')).toThrow(new InstitutionRulesError('a.json: expected an object with a "rules" array'));
    expect(() => parseInstitutionRules({ rules: [{ kind: 'x', why: 'y' }] }, 'b.json')).toThrow(
      'b.json: rules[0]: give exactly one of "name" or "contains"',
    );
    expect(() =>
      parseInstitutionRules(
        {
          rules: [
            { kind: 'x', name: 'A', why: 'y' },
            { kind: '', name: 'B', why: 'y' },
          ],
        },
        'c.json',
      ),
    ).toThrow('c.json: rules[1]: "kind" must be a non-empty string');
    expect(() => parseInstitutionRules({ rules: [{ kind: 'x', contains: ' ', why: 'y' }] }, 'd.json')).toThrow(
      'd.json: rules[0]: "contains" must be a non-empty string',
    );
  });
});
