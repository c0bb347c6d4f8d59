import { displayedEndpoint, endpointDisabledNotice, formatMoney, lowBalanceNotice } from './owner-notices';

describe('owner notices', () => {
  it('writes money in the currency\'s own minor units', () => {
    expect(formatMoney(1234, 'USD')).toBe('USD 12.34');
    expect(formatMoney(-5, 'USD')).toBe('USD -0.05');
    expect(formatMoney(1234, 'JPY')).toBe('JPY 1234');
    expect(formatMoney(1234, 'KWD')).toBe('KWD 1.234');
  });

  it('never shows what may be a credential in an endpoint', () => {
    expect(displayedEndpoint('https://user:pass@hooks.example.com/zagel?token=s3cret#x')).toBe('https://hooks.example.com/zagel');
    expect(displayedEndpoint('not a url')).not.toContain('not a url');
  });

  it('tells owners the balance, the threshold and what happens next, in text and escaped HTML', () => {
    const notice = lowBalanceNotice(
      { organizationId: '0190a6f2-7c3e-7abc-8def-0123456789ac', available: 250, reserved: 100, threshold: 500, currency: 'USD', at: '2026-12-03T10:00:00.000Z' },
      'Acme <Pharmacies>',
    );
    expect(notice.subject).toBe('Zagel: the balance of Acme <Pharmacies> is low (USD 2.50)');
    expect(notice.text).toContain('USD 2.50, below the alert threshold of USD 5.00');
    expect(notice.html).toContain('Acme &lt;Pharmacies&gt;');
    expect(notice.html).not.toContain('<Pharmacies>');
  });

  it('names the disabled endpoint without its query and says how to turn it back on', () => {
    const notice = endpointDisabledNotice(
      {
        organizationId: '0190a6f2-7c3e-7abc-8def-0123456789ac',
        url: 'https://hooks.example.com/zagel?token=s3cret',
        consecutiveFailures: 20,
        failingSince: '2026-12-02T10:00:00.000Z',
        at: '2026-12-03T10:00:00.000Z',
      },
      'Acme',
    );
    expect(notice.text).toContain('https://hooks.example.com/zagel');
    expect(notice.text).toContain('20 times');
    expect(notice.text).toContain('PUT /v1/webhooks/settings');
    expect(`${notice.subject}${notice.text}${notice.html}`).not.toContain('s3cret');
  });
});
