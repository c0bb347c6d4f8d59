export interface ReservationAsk {
  reference: string;
  amount: number;
}

export interface ReservationDecision<A extends ReservationAsk> {
  /** New reservations, in arrival order, first ask of each reference only. */
  granted: A[];
  /** Refused references and the available balance each one was refused against. */
  refused: Map<string, number>;
  /** What stays available after the granted ones. */
  available: number;
}

/**
 * Decides a batch of independent reservation requests against one wallet's available balance, in
 * arrival order: each fits or not on its own (a large refusal does not block a smaller request
 * behind it). References reserved before, or asked twice, are decided once.
 */
export function decideReservations<A extends ReservationAsk>(asks: readonly A[], available: number, known: ReadonlySet<string>): ReservationDecision<A> {
  const granted: A[] = [];
  const refused = new Map<string, number>();
  const decided = new Set(known);
  let left = available;
  for (const ask of asks) {
    if (decided.has(ask.reference)) continue;
    decided.add(ask.reference);
    if (ask.amount > left) {
      refused.set(ask.reference, left);
      continue;
    }
    left -= ask.amount;
    granted.push(ask);
  }
  return { granted, refused, available: left };
}
