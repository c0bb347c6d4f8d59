import { MessageType } from '@zagel/contracts';

export interface ProviderRoute {
  id: string;
  /** ISO 3166 alpha-2, or `*`. */
  country: string;
  /** null: any type. */
  messageType: MessageType | null;
  /** null: every organization. */
  organizationId: string | null;
  /** Provider account ids, in the order they are tried. */
  providers: string[];
  /** Sender ids and numbers the route's organization(s) may send from through its providers (a message's `from`). */
  senders: string[];
  createdAt: Date;
  updatedAt: Date;
}

export interface RoutedMessage {
  country: string;
  messageType: MessageType;
  organizationId: string;
}

/** How specific a route is: an organization outranks a country, which outranks a message type. */
function specificity(route: ProviderRoute): number {
  return (route.organizationId ? 4 : 0) + (route.country !== '*' ? 2 : 0) + (route.messageType ? 1 : 0);
}

function matches(route: ProviderRoute, message: RoutedMessage): boolean {
  return (
    (route.country === '*' || route.country === message.country) &&
    (route.messageType === null || route.messageType === message.messageType) &&
    (route.organizationId === null || route.organizationId === message.organizationId)
  );
}

/** The most specific route that applies to the message, or undefined when none does. */
export function pickRoute(routes: readonly ProviderRoute[], message: RoutedMessage): ProviderRoute | undefined {
  let best: ProviderRoute | undefined;
  for (const route of routes) {
    if (!matches(route, message)) continue;
    if (!best || specificity(route) > specificity(best)) best = route;
  }
  return best;
}
