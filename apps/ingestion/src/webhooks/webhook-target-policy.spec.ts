import { checkWebhookTarget, isNonPublicAddress } from './webhook-target-policy';

describe('webhook target policy', () => {
  it.each(['127.0.0.1', '10.1.2.3', '172.20.0.1', '192.168.1.10', '169.254.169.254', '0.0.0.0', '::1', 'fe80::1', 'fd00::5', '::ffff:127.0.0.1', '100.64.0.1'])(
    'refuses %s',
    (address) => expect(isNonPublicAddress(address)).toBe(true),
  );

  it.each(['8.8.8.8', '1.1.1.1', '2606:4700:4700::1111', '::ffff:8.8.4.4'])('accepts %s', (address) =>
    expect(isNonPublicAddress(address)).toBe(false),
  );

  it('refuses loopback hosts and literal private addresses unless private targets are allowed', async () => {
    expect((await checkWebhookTarget('http://localhost:8080/hook', false)).ok).toBe(false);
    expect((await checkWebhookTarget('http://[::1]/hook', false)).ok).toBe(false);
    expect((await checkWebhookTarget('http://10.0.0.7/hook', false)).ok).toBe(false);
    expect((await checkWebhookTarget('http://localhost:8080/hook', true)).ok).toBe(true);
  });

  it('refuses other schemes and embedded credentials even when private targets are allowed', async () => {
    expect((await checkWebhookTarget('ftp://example.com/x', true)).ok).toBe(false);
    expect((await checkWebhookTarget('https://user:pw@example.com/x', true)).ok).toBe(false);
    expect((await checkWebhookTarget('not a url', true)).ok).toBe(false);
  });
});
