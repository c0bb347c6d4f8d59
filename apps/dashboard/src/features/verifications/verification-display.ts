import { Schema } from '@zagel/sdk';

export type Verification = Schema<'VerificationView'>;
export type VerificationSend = Verification['sends'][number];

export const VERIFICATION_STATUSES: Verification['status'][] = ['pending', 'approved', 'canceled', 'expired', 'max_attempts_reached'];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const isVerificationId = (text: string) => UUID.test(text);

/** `max_attempts_reached` as a person reads it. */
export const verificationStatus = (status: Verification['status']) => status.replaceAll('_', ' ');

/** Who carried a send: a provider by name, a phone by id, or the route while nobody has reported. */
export function sendChannel(send: Pick<VerificationSend, 'provider' | 'deviceId' | 'route'>): string {
  if (send.provider) return `provider ${send.provider}`;
  if (send.deviceId) return `phone ${send.deviceId}`;
  return send.route;
}
