import { MessageStatus } from '@zagel/contracts';
import { NewDelivery } from '../webhooks/webhooks.repository';

export const STATUS_CALLBACK_EVENT = 'message.status';

interface CallbackSubject {
  id: string;
  organization_id: string;
  to_number: string;
  client_reference: string | null;
  callback_url: string | null;
}

/** The body a customer's endpoint receives when one of its messages changes status. */
export function statusCallback(
  message: CallbackSubject,
  change: { status: MessageStatus; at: Date; errorCode?: string | null; route?: string | null },
): NewDelivery {
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
