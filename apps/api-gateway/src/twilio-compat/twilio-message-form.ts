import { MessageContent, TWILIO_METADATA_KEY, TwilioMessageFields } from '@zagel/contracts';
import { TwilioErrors } from './twilio-errors';

/** Twilio's Messages.json create parameters, as its clients form-encode them. */
export type TwilioForm = Record<string, string | undefined>;

const MAX_BODY = 1_600;
const MAX_VALIDITY_SECONDS = 36_000;

function text(form: TwilioForm, name: string): string | undefined {
  const value = form[name];
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/**
 * A Twilio create-message form as the content of an ordinary Zagel message, or Twilio's error for
 * it. From and MessagingServiceSid travel in `metadata.twilio` (Zagel picks the sender per route);
 * StatusCallback becomes the message's callbackUrl, posted in Twilio's form.
 */
export function messageContentOf(form: TwilioForm, now: Date): { content: MessageContent; twilio: TwilioMessageFields } {
  const to = text(form, 'To');
  if (!to) throw TwilioErrors.toRequired();
  const body = form.Body;
  if (typeof body !== 'string' || body === '') throw TwilioErrors.bodyRequired();
  if (body.length > MAX_BODY) throw TwilioErrors.bodyTooLong();
  const from = text(form, 'From');
  const messagingServiceSid = text(form, 'MessagingServiceSid');
  if (!from && !messagingServiceSid) throw TwilioErrors.fromRequired();
  if (messagingServiceSid && !/^MG[0-9a-fA-F]{32}$/.test(messagingServiceSid)) {
    throw TwilioErrors.invalidParameter('MessagingServiceSid', 'expected MG followed by 32 hex digits');
  }
  const twilio: TwilioMessageFields = { ...(from ? { from } : {}), ...(messagingServiceSid ? { messagingServiceSid } : {}) };
  const content: MessageContent = { to, body, type: 'transactional', metadata: { [TWILIO_METADATA_KEY]: twilio } };

  const statusCallback = text(form, 'StatusCallback');
  if (statusCallback) content.callbackUrl = statusCallback;
  const validity = text(form, 'ValidityPeriod');
  if (validity) {
    const seconds = Number(validity);
    if (!Number.isInteger(seconds) || seconds < 1 || seconds > MAX_VALIDITY_SECONDS) {
      throw TwilioErrors.invalidParameter('ValidityPeriod', `an integer of seconds from 1 to ${MAX_VALIDITY_SECONDS}`);
    }
    content.expiresAt = new Date(now.getTime() + seconds * 1000).toISOString();
  }
  const scheduleType = text(form, 'ScheduleType');
  const sendAt = text(form, 'SendAt');
  if (scheduleType !== undefined && scheduleType !== 'fixed') throw TwilioErrors.invalidParameter('ScheduleType', "only 'fixed' is supported");
  if (scheduleType === 'fixed') {
    const at = sendAt ? new Date(sendAt) : undefined;
    if (!at || Number.isNaN(at.getTime())) throw TwilioErrors.invalidParameter('SendAt', 'an ISO 8601 date-time is required with ScheduleType=fixed');
    content.scheduleAt = at.toISOString();
  }
  return { content, twilio };
}
