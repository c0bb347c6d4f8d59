import { InboundSmsReceivedPayload } from '@zagel/contracts';
import { normalizePhoneNumber } from '@zagel/phone';

/** A reply belongs to the organization that wrote to its sender through the same route within this long. */
export const ATTRIBUTION_WINDOW_DAYS = 30;
const WINDOW_MS = ATTRIBUTION_WINDOW_DAYS * 24 * 3_600_000;

/** The route an inbound SMS came in by: the phone that received it, or the provider account whose number did. */
export type CarryingRoute = { deviceId: string } | { providerAccountId: string };

/** What finds the conversation an inbound SMS belongs to: our last message to its sender through its route, since `since`. */
export interface ConversationKey {
  number: string;
  route: CarryingRoute;
  since: Date;
}

/** The sender as stored and matched: E.164 when it reads as a phone number, else as reported (an alphanumeric sender id). */
export function senderOf(from: string): string {
  const number = normalizePhoneNumber(from.trim());
  return number.ok ? number.e164 : from.trim();
}

export function carryingRoute(event: Pick<InboundSmsReceivedPayload, 'channel' | 'deviceId' | 'providerAccountId'>): CarryingRoute | null {
  if (event.channel === 'device') return event.deviceId ? { deviceId: event.deviceId } : null;
  return event.providerAccountId ? { providerAccountId: event.providerAccountId } : null;
}

/**
 * Where to look for the conversation, or null when nothing can be attributed: a sender that is no
 * phone number was never written to, and a message without its route cannot be told apart from
 * another organization's conversation with the same number. The window counts back from when the
 * SMS was received (never from a phone's clock set in the future).
 */
export function conversationKey(event: InboundSmsReceivedPayload, now: Date): ConversationKey | null {
  const number = normalizePhoneNumber(event.from.trim());
  const route = carryingRoute(event);
  if (!number.ok || !route) return null;
  const received = Math.min(Date.parse(event.receivedAt), now.getTime());
  return { number: number.e164, route, since: new Date(received - WINDOW_MS) };
}
