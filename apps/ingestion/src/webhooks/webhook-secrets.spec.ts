import { createHmac } from 'node:crypto';
import { verifyWebhook, WebhookSignatureError } from '@zagel/sdk';
import { newWebhookSecret, signWebhook, WebhookSecretCipher } from './webhook-secrets';

describe('webhook secrets', () => {
  it('round-trips through encryption, and never stores the secret in clear', () => {
    const cipher = new WebhookSecretCipher('a master key that is long enough for tests');
    const secret = newWebhookSecret();
    const stored = cipher.encrypt(secret);
    expect(stored).not.toContain(secret);
    expect(cipher.decrypt(stored)).toBe(secret);
  });

  it('cannot be read with another key', () => {
    const stored = new WebhookSecretCipher('one master key that is long enough!!').encrypt(newWebhookSecret());
    expect(() => new WebhookSecretCipher('another master key, also long enough').decrypt(stored)).toThrow();
  });

  it('signs "t.body" with HMAC-SHA256', () => {
    const expected = createHmac('sha256', 'whsec_x').update('1700000000.{"a":1}').digest('hex');
    expect(signWebhook('whsec_x', '{"a":1}', 1_700_000_000)).toBe(`t=1700000000,v1=${expected}`);
  });

  describe("as @zagel/sdk's verifyWebhook checks it (what customers run)", () => {
    const secret = newWebhookSecret();
    const body = JSON.stringify({ id: 'd1', event: 'message.status', messageId: 'm1', status: 'delivered' });
    const now = Date.now();
    const signature = signWebhook(secret, body, Math.floor(now / 1000));

    it('accepts what ingestion signs, as text or as the raw bytes, and answers the body', async () => {
      await expect(verifyWebhook({ payload: body, signature, secret, now })).resolves.toEqual(JSON.parse(body));
      await expect(verifyWebhook({ payload: Buffer.from(body), signature: [signature], secret, now })).resolves.toMatchObject({ id: 'd1' });
    });

    it.each([
      ['another secret', { secret: newWebhookSecret() }, 'signature_mismatch'],
      ['a changed body', { payload: body.replace('delivered', 'failed') }, 'signature_mismatch'],
      ['a stale timestamp (replay)', { now: now + 301_000 }, 'timestamp_out_of_tolerance'],
      ['no header', { signature: undefined }, 'missing_signature'],
      ['a header without a digest', { signature: signature.split(',')[0] }, 'malformed_signature'],
    ])('refuses %s', async (_case, change, reason) => {
      const failure = await verifyWebhook({ payload: body, signature, secret, now, ...change }).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(WebhookSignatureError);
      expect((failure as WebhookSignatureError).reason).toBe(reason);
    });
  });
});
