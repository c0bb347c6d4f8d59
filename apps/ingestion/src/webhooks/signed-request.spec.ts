import twilio from 'twilio';
import { TWILIO_STATUS_CALLBACK_EVENT } from '@zagel/contracts';
import { signedRequest } from './webhook-deliveries.poller';
import { statusCallback } from '../messages/status-callback';

const MESSAGE = {
  id: '0190a6f2-7c3e-7abc-8def-0123456789c0',
  organization_id: '0190a6f2-7c3e-7abc-8def-0123456789ac',
  to_number: '+14155550123',
  client_reference: null,
};

describe('status callbacks of messages sent through the Twilio-compatible API', () => {
  it("are posted form-encoded to the StatusCallback, signed as Twilio signs, with the organization's secret", () => {
    const url = 'https://example.com/status';
    const delivery = statusCallback({ ...MESSAGE, callback_url: url, twilio: { from: '+15005550006' } }, { status: 'delivered', at: new Date() });
    expect(delivery.event).toBe(TWILIO_STATUS_CALLBACK_EVENT);
    const { body, headers } = signedRequest({ id: 'd-1', url, event: delivery.event, payload: delivery.payload }, 'whsec_secret');
    const params = Object.fromEntries(new URLSearchParams(body));
    expect(params).toMatchObject({ MessageStatus: 'delivered', SmsStatus: 'delivered', To: '+14155550123', From: '+15005550006', AccountSid: 'AC0190a6f27c3e7abc8def0123456789ac' });
    expect(headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(twilio.validateRequest('whsec_secret', headers['x-twilio-signature'], url, params)).toBe(true);
  });

  it("stay Zagel's JSON without a StatusCallback (the organization's default webhook) and for other messages", () => {
    expect(statusCallback({ ...MESSAGE, callback_url: null, twilio: { from: '+1500' } }, { status: 'sent', at: new Date() }).event).toBe('message.status');
    expect(statusCallback({ ...MESSAGE, callback_url: 'https://example.com/s', metadata: { order: 1 } }, { status: 'sent', at: new Date() }).event).toBe('message.status');
    const zagel = signedRequest({ id: 'd-2', url: 'https://example.com/s', event: 'message.status', payload: { status: 'sent' } }, 'whsec_secret');
    expect(JSON.parse(zagel.body)).toEqual({ id: 'd-2', status: 'sent' });
    expect(zagel.headers['zagel-signature']).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
  });
});
