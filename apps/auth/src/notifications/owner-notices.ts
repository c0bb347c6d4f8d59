import { LowBalancePayload, WebhookEndpointDisabledPayload } from '@zagel/contracts';

/** One email to an organization's owners: plain text, and the same as simple HTML. */
export interface OwnerNotice {
  kind: 'billing.low_balance' | 'webhook.endpoint_disabled';
  subject: string;
  text: string;
  html: string;
}

/** Minor units as the currency writes them (`USD` 1234 → "USD 12.34"). */
export function formatMoney(minorUnits: number, currency: string): string {
  let digits = 2;
  try {
    digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    // An unknown currency code: two decimals, like most.
  }
  const sign = minorUnits < 0 ? '-' : '';
  const major = (Math.abs(minorUnits) / 10 ** digits).toFixed(digits);
  return `${currency} ${sign}${major}`;
}

/**
 * The endpoint without what may be a credential: user info, query and fragment are dropped (a token
 * in `?key=` would otherwise travel in plain email).
 */
export function displayedEndpoint(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}${parsed.pathname}`;
  } catch {
    return '(an endpoint that is no longer a valid URL)';
  }
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (character) => ESCAPES[character]);
}

function html(paragraphs: string[]): string {
  return `<!doctype html><html><body style="font-family: sans-serif; line-height: 1.5">${paragraphs.map((paragraph) => `<p>${escapeHtml(paragraph)}</p>`).join('')}</body></html>`;
}

function notice(kind: OwnerNotice['kind'], subject: string, paragraphs: string[]): OwnerNotice {
  return { kind, subject, text: `${paragraphs.join('\n\n')}\n`, html: html(paragraphs) };
}

const SIGNATURE = 'You receive this because you own this organization on Zagel.';

export function lowBalanceNotice(event: LowBalancePayload, organizationName: string): OwnerNotice {
  const available = formatMoney(event.available, event.currency);
  const threshold = formatMoney(event.threshold, event.currency);
  return notice('billing.low_balance', `Zagel: the balance of ${organizationName} is low (${available})`, [
    `The available balance of ${organizationName} is ${available}, below the alert threshold of ${threshold} (${formatMoney(event.reserved, event.currency)} is reserved for messages in flight).`,
    'Top up soon: messages and verifications that the balance cannot cover are refused.',
    SIGNATURE,
  ]);
}

export function endpointDisabledNotice(event: WebhookEndpointDisabledPayload, organizationName: string): OwnerNotice {
  const endpoint = displayedEndpoint(event.url);
  return notice('webhook.endpoint_disabled', `Zagel: webhook endpoint disabled for ${organizationName}`, [
    `Zagel stopped calling the webhook endpoint ${endpoint} of ${organizationName}: it failed ${event.consecutiveFailures} times in a row since ${event.failingSince}.`,
    'Callbacks for it are no longer queued. Once it answers again, save its URL again in the webhook settings (PUT /v1/webhooks/settings) to turn it back on.',
    SIGNATURE,
  ]);
}
