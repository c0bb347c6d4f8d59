import { MessageStatus, TWILIO_METADATA_KEY, TWILIO_STATUS_CALLBACK_EVENT, TwilioMessageFields, twilioStatusCallbackParams } from '@zagel/contracts';
import { NewDelivery } from '../webhooks/webhooks.repository';

export const STATUS_CALLBACK_EVENT = 'message.status';

interface CallbackSubject {
  id: string;
  organization_id: string;
  to_number: string;
  client_reference: string | null;
  callback_url: string | null;
  /** `metadata.twilio`, when the caller read only that. */
  twilio?: TwilioMessageFields | null;
  metadata?: Record<string, unknown> | null;
}

/** What the Twilio-compatible API kept of a message it sent (From, MessagingServiceSid); undefined for other messages. */
function twilioFieldsOf(message: CallbackSubject): TwilioMessageFields | undefined {
  const fields = message.twilio !== undefined ? message.twilio : message.metadata?.[TWILIO_METADATA_KEY];
  return typeof fields === 'object' && fields !== null ? (fields as TwilioMessageFields) : undefined;
}

/**
 * The body a customer's endpoint receives when one of its messages changes status. A message sent
 * through the Twilio-compatible API with a StatusCallback is called back there in Twilio's form
 * (posted form-encoded, with X-Twilio-Signature); the organization's default webhook always gets Zagel's.
 */
export function statusCallback(
  message: CallbackSubject,
  change: { status: MessageStatus; at: Date; errorCode?: string | null; route?: string | null },
): NewDelivery {
  const twilio = message.callback_url ? twilioFieldsOf(message) : undefined;
  if (twilio) {
    return {
      organizationId: message.organization_id,
      messageId: message.id,
      callbackUrl: message.callback_url,
      event: TWILIO_STATUS_CALLBACK_EVENT,
      payload: twilioStatusCallbackParams({
        id: message.id,
        organizationId: message.organization_id,
        to: message.to_number,
        status: change.status,
        errorCode: change.errorCode,
        twilio,
      }),
    };
  }
  return {
    organizationId: message.organization_id,
    messageId: message.id,
    callbackUrl: message.callback_url,
    event: STATUS_CALLBACK_EVENT,
    payload: {
      event: STATUS_CALLBACK_EVENT,
      messageId: message.id,
      status: change.status,
      timestamp: change.at.toISOString(),
      to: message.to_number,
      errorCode: change.errorCode ?? null,
      clientReference: message.client_reference,
      route: change.route ?? null,
    },
  };
}
