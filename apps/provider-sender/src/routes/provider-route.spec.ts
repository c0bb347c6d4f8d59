import { pickRoute, ProviderRoute } from './provider-route';

const route = (id: string, fields: Partial<ProviderRoute>): ProviderRoute => ({
  id,
  country: '*',
  messageType: null,
  organizationId: null,
  providers: [id],
  senders: [],
  createdAt: new Date(),
  updatedAt: new Date(),
  ...fields,
});

const org = '0190a000-0000-7000-8000-000000000001';

describe('pickRoute', () => {
  const routes = [
    route('any', {}),
    route('iran', { country: 'IR' }),
    route('iran-otp', { country: 'IR', messageType: 'otp' }),
    route('otp', { messageType: 'otp' }),
    route('org', { organizationId: org }),
  ];

  it('picks the most specific matching route', () => {
    expect(pickRoute(routes, { country: 'IR', messageType: 'otp', organizationId: 'x' })?.id).toBe('iran-otp');
    expect(pickRoute(routes, { country: 'IR', messageType: 'promotional', organizationId: 'x' })?.id).toBe('iran');
    expect(pickRoute(routes, { country: 'DE', messageType: 'otp', organizationId: 'x' })?.id).toBe('otp');
    expect(pickRoute(routes, { country: 'DE', messageType: 'transactional', organizationId: 'x' })?.id).toBe('any');
    expect(pickRoute(routes, { country: 'IR', messageType: 'otp', organizationId: org })?.id).toBe('org');
  });

  it('finds nothing when no route applies', () => {
    expect(pickRoute([route('iran', { country: 'IR' })], { country: 'DE', messageType: 'otp', organizationId: org })).toBeUndefined();
  });
});
