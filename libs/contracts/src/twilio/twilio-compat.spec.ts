import twilio from 'twilio';
import { twilioDeliveryErrorCode, twilioMessageStatus, twilioSid, TwilioSidPrefix, twilioSignature, twilioStatusCallbackParams, uuidOfTwilioSid } from './twilio-compat';

const ORG = '0190a6f2-7c3e-7abc-8def-0123456789ac';

describe('Twilio SIDs', () => {
  it('are the prefix and the id without dashes, and read back only with their own prefix', () => {
    const sid = twilioSid(TwilioSidPrefix.Account, ORG);
    expect(sid).toBe('AC0190a6f27c3e7abc8def0123456789ac');
    expect(uuidOfTwilioSid(TwilioSidPrefix.Account, sid)).toBe(ORG);
    expect(uuidOfTwilioSid(TwilioSidPrefix.ApiKey, sid)).toBeUndefined();
    expect(uuidOfTwilioSid(TwilioSidPrefix.Account, `${sid}0`)).toBeUndefined();
  });
});

describe('Twilio statuses and error codes', () => {
  it("map Zagel's statuses to Twilio's, expired being a failure with 30036", () => {
    expect(twilioMessageStatus('routing')).toBe('sending');
    expect(twilioMessageStatus('expired')).toBe('failed');
    expect(twilioDeliveryErrorCode('expired')).toBe(30036);
    expect(twilioDeliveryErrorCode('delivered')).toBeNull();
    expect(twilioDeliveryErrorCode('undelivered', 'handset_unreachable')).toBe(30003);
    expect(twilioDeliveryErrorCode('failed', 'no_route')).toBe(30008);
    expect(twilioDeliveryErrorCode('canceled', 'opted_out')).toBe(21610);
  });
});

describe('X-Twilio-Signature', () => {
  it("is accepted by the official client's validateRequest, and only with the same token, URL and parameters", () => {
    const url = 'https://example.com/twilio/status?order=1';
    const params = twilioStatusCallbackParams({ id: ORG, organizationId: ORG, to: '+14155550123', status: 'undelivered', errorCode: 'handset_unreachable', twilio: { from: '+15005550006' } });
    expect(params).toMatchObject({ MessageStatus: 'undelivered', ErrorCode: '30003', From: '+15005550006', ApiVersion: '2010-04-01' });
    const signature = twilioSignature('whsec_token', url, params);
    expect(twilio.validateRequest('whsec_token', signature, url, params)).toBe(true);
    expect(twilio.validateRequest('whsec_other', signature, url, params)).toBe(false);
    expect(twilio.validateRequest('whsec_token', signature, url, { ...params, To: '+14155550124' })).toBe(false);
  });
});
