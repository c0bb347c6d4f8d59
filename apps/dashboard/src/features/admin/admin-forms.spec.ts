import { matchesSearch } from './admin-forms';

describe("the operator's forms", () => {
  it('match an organization by part of its name, any case, or by its whole id', () => {
    const organization = { id: '0190a6f2-7c3e-7abc-8def-0123456789ac', name: 'Acme Pharmacies' };
    expect(matchesSearch(organization, '')).toBe(true);
    expect(matchesSearch(organization, ' pharm ')).toBe(true);
    expect(matchesSearch(organization, organization.id)).toBe(true);
    expect(matchesSearch(organization, '0190a6f2')).toBe(false);
    expect(matchesSearch(organization, 'globex')).toBe(false);
  });
});
