import { MessagePricing, PricedRoute, RoutePreference } from '@zagel/contracts';

/** The route to quote: a forced one, or none (billing then quotes the dearer route, what `auto` must reserve). */
export function pricedRoute(preference: RoutePreference): PricedRoute | undefined {
  if (preference === 'devices') return 'device';
  if (preference === 'providers') return 'provider';
  return undefined;
}

export function pricingOf(draft: { country: string; type: MessagePricing['messageType']; segments: number }): MessagePricing {
  return { country: draft.country, messageType: draft.type, segments: draft.segments };
}

/** Long enough for a scheduled message to be sent and settled; billing caps reservations at a week. */
export function reservationSeconds(scheduleAt: Date | undefined, now: Date): number | undefined {
  if (!scheduleAt) return undefined;
  return Math.min(7 * 86_400, Math.ceil((scheduleAt.getTime() - now.getTime()) / 1000) + 86_400);
}
