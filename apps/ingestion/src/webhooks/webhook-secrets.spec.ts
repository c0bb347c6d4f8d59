import { createHmac } from 'node:crypto';
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
});
