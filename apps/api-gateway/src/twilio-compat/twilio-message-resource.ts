import {
  AcceptedMessage,
  MessageStatus,
  MessageView,
  TWILIO_API_VERSION,
  TWILIO_METADATA_KEY,
  twilioDeliveryErrorCode,
  TwilioMessageFields,
  twilioMessageStatus,
  TwilioSidPrefix,
  twilioSid,
} from '@zagel/contracts';

/** Twilio's Message resource (API 2010-04-01), field for field. */
export interface TwilioMessageResource {
  account_sid: string;
  api_version: string;
  body: string;
  date_created: string;
  date_sent: string | null;
  date_updated: string;
  direction: 'outbound-api';
  error_code: number | null;
  error_message: string | null;
  from: string | null;
  messaging_service_sid: string | null;
  num_media: string;
  num_segments: string;
  price: string | null;
  price_unit: string;
  sid: string;
  status: string;
  subresource_uris: { media: string };
  to: string;
  uri: string;
}

/** Twilio's 2010 API writes dates as RFC 2822 (`Thu, 03 Dec 2026 18:53:40 +0000`). */
export function rfc2822(at: Date | string): string {
  return new Date(at).toUTCString().replace(/GMT$/, '+0000');
}

/** Twilio prices are negative decimal strings in major units (`-0.00750`); Zagel keeps integer minor units. */
export function twilioPrice(minorUnits: number, currency: string): string {
  const digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  return (-minorUnits / 10 ** digits).toFixed(Math.max(digits, 5));
}

const ERROR_MESSAGES: Record<number, string> = {
  21610: 'Attempt to send to unsubscribed recipient',
  30001: 'Queue overflow',
  30003: 'Unreachable destination handset',
  30004: 'Message blocked',
  30005: 'Unknown destination handset',
  30008: 'Unknown error',
  30036: 'Validity Period Expired',
};

export function accountPath(accountSid: string): string {
  return `/${TWILIO_API_VERSION}/Accounts/${accountSid}`;
}

export function twilioFieldsOf(metadata: Record<string, unknown> | undefined): TwilioMessageFields {
  const fields = metadata?.[TWILIO_METADATA_KEY];
  return typeof fields === 'object' && fields !== null ? (fields as TwilioMessageFields) : {};
}

interface MessageFacts {
  id: string;
  organizationId: string;
  to: string;
  body: string;
  status: MessageStatus;
  errorCode?: string;
  segments: number;
  price: number;
  currency: string;
  createdAt: string;
  updatedAt: string;
  sentAt?: string;
  twilio: TwilioMessageFields;
}

function resource(message: MessageFacts): TwilioMessageResource {
  const accountSid = twilioSid(TwilioSidPrefix.Account, message.organizationId);
  const sid = twilioSid(TwilioSidPrefix.Message, message.id);
  const errorCode = twilioDeliveryErrorCode(message.status, message.errorCode);
  const uri = `${accountPath(accountSid)}/Messages/${sid}`;
  const priced = ['sent', 'delivered', 'undelivered'].includes(message.status);
  return {
    account_sid: accountSid,
    api_version: TWILIO_API_VERSION,
    body: message.body,
    date_created: rfc2822(message.createdAt),
    date_sent: message.sentAt ? rfc2822(message.sentAt) : null,
    date_updated: rfc2822(message.updatedAt),
    direction: 'outbound-api',
    error_code: errorCode,
    error_message: errorCode === null ? null : (ERROR_MESSAGES[errorCode] ?? null),
    from: message.twilio.from ?? null,
    messaging_service_sid: message.twilio.messagingServiceSid ?? null,
    num_media: '0',
    num_segments: String(message.segments),
    // Like Twilio, the price shows once the message is sent; until then it is only reserved.
    price: priced ? twilioPrice(message.price, message.currency) : null,
    price_unit: message.currency,
    sid,
    status: twilioMessageStatus(message.status),
    subresource_uris: { media: `${uri}/Media.json` },
    to: message.to,
    uri: `${uri}.json`,
  };
}

/** The resource a create answers with: what was accepted, with the request's own fields. */
export function acceptedMessageResource(
  organizationId: string,
  accepted: AcceptedMessage,
  request: { body: string; twilio: TwilioMessageFields },
  at: Date,
): TwilioMessageResource {
  const now = at.toISOString();
  return resource({ ...accepted, organizationId, body: request.body, createdAt: now, updatedAt: now, twilio: request.twilio });
}

export function messageResource(organizationId: string, message: MessageView): TwilioMessageResource {
  return resource({ ...message, organizationId, twilio: twilioFieldsOf(message.metadata) });
}
