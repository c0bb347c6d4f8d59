import { MessageOrigin } from '@zagel/contracts';
import { MessageRow } from './messages.repository';
import { OTP_BODY_NOT_STORED } from './record-status.use-case';

/** Who asked for a stored message: otp's verification codes are adopted with their text withheld; the rest came through the API. */
export function originOf(message: Pick<MessageRow, 'body'>): MessageOrigin {
  return message.body === OTP_BODY_NOT_STORED ? 'otp' : 'api';
}
