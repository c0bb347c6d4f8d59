import { lookupCarrier, normalizePhoneNumber } from '@zagel/phone';
import { generateMobileNumber, simOperatorFor } from './mobile-numbers';

describe('generateMobileNumber', () => {
  it.each([
    ['EG', 'Vodafone', /^\+2010\d{8}$/, 'Vodafone'],
    ['EG', 'Orange', /^\+2012\d{8}$/, 'Orange'],
    ['EG', 'Etisalat', /^\+2011\d{8}$/, 'Etisalat'],
    ['EG', 'WE', /^\+2015\d{8}$/, 'TE'],
    ['SA', 'Mobily', /^\+9665[46]\d{7}$/, 'Mobily'],
  ])('draws %s %s numbers from the carrier ranges', async (country, carrier, shape, dataName) => {
    const number = await generateMobileNumber(country, carrier);
    expect(number).toMatch(shape);
    expect(normalizePhoneNumber(number)).toMatchObject({ ok: true, country, type: 'mobile' });
    expect(await lookupCarrier(number)).toBe(dataName);
  });

  it('finds a carrier it has no table for through the numbering data', async () => {
    const number = await generateMobileNumber('GB', 'Vodafone');
    expect(normalizePhoneNumber(number)).toMatchObject({ ok: true, country: 'GB', type: 'mobile' });
    expect(await lookupCarrier(number)).toMatch(/Vodafone/);
  });

  it('draws any mobile of the country without a carrier, and refuses an unknown carrier', async () => {
    expect(normalizePhoneNumber(await generateMobileNumber('DE'))).toMatchObject({ ok: true, country: 'DE', type: 'mobile' });
    await expect(generateMobileNumber('EG', 'No Such Telecom')).rejects.toThrow(/no No Such Telecom number/);
  });

  it('knows the SIM operator codes of known carriers', () => {
    expect(simOperatorFor('EG', 'vodafone')).toEqual({ mcc: '602', mnc: '02', name: 'Vodafone' });
    expect(simOperatorFor('GB', 'Vodafone')).toBeUndefined();
  });
});
