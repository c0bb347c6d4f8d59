import { laneOf, routingRequest } from './message-writer';

describe('laneOf', () => {
  it('sends high on the live lane and normal or low on the bulk lane, whatever the feature', () => {
    expect([laneOf('high', 'bulk'), laneOf('normal', 'live'), laneOf('low', 'live')]).toEqual(['live', 'bulk', 'bulk']);
  });

  it("keeps the feature's own lane without a priority", () => {
    expect([laneOf(undefined, 'live'), laneOf(null, 'bulk')]).toEqual(['live', 'bulk']);
  });
});

describe('routingRequest', () => {
  it('carries the format, udh and sender, and says nothing of a plain text', () => {
    const message = { id: '0190a6f2-7c3e-7abc-8def-0123456789c0', organizationId: '0190a6f2-7c3e-7abc-8def-0123456789c1', to: '+201001234567', type: 'transactional' as const, routePreference: 'providers' as const };
    expect(routingRequest('live', { ...message, body: 'cafe', format: 'binary', udh: '0605040b8423f0', from: 'Zagel' })).toMatchObject({
      format: 'binary',
      udh: '0605040b8423f0',
      from: 'Zagel',
      lane: 'live',
    });
    expect(routingRequest('bulk', { ...message, body: 'hi', format: 'text' })).not.toHaveProperty('format');
  });
});
