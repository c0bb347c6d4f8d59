import { GroupCommitOptions } from './group-commit';

/**
 * Group-commit options for the records of live deliveries that nobody waits on (a verification
 * code's message record, settlement and lease logs: otp has answered the customer and the phone has
 * the code without them). Such an item lingers up to BOOKKEEPING_LINGER_MS so that one transaction
 * records many, or until half the live queue's prefetch waits: the deliveries are acknowledged after
 * their commit, so lingering ones must never hold the queue's whole credit.
 */
export function bookkeepingLinger<Key, Item>(
  settings: { BOOKKEEPING_LINGER_MS: number; BUS_LIVE_PREFETCH: number },
  lingers: (key: Key, oldest: Item) => boolean,
): Pick<GroupCommitOptions<Key, Item>, 'lingerMs' | 'lingerUntil'> {
  return {
    lingerMs: (key, oldest) => (lingers(key, oldest) ? settings.BOOKKEEPING_LINGER_MS : 0),
    lingerUntil: Math.max(1, Math.floor(settings.BUS_LIVE_PREFETCH / 2)),
  };
}
