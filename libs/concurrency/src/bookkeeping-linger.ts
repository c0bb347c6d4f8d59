import { GroupCommitOptions } from './group-commit';

/** How long a record nobody waits on waits for company before its transaction starts. */
export const BOOKKEEPING_LINGER_MS = 200;

/**
 * Group-commit options for the records of live deliveries that nobody waits on (a verification
 * code's message record, settlement and lease log: otp has answered the customer and the phone has
 * the code without them). Such an item lingers up to BOOKKEEPING_LINGER_MS so that one transaction
 * records many, or until half the consuming queue's prefetch waits: the deliveries are acknowledged
 * after their commit, so lingering ones must never hold the queue's whole credit.
 */
export function bookkeepingLinger<Key, Item>(
  prefetch: number,
  lingers: (key: Key, oldest: Item) => boolean,
): Pick<GroupCommitOptions<Key, Item>, 'lingerMs' | 'lingerUntil'> {
  return {
    lingerMs: (key, oldest) => (lingers(key, oldest) ? BOOKKEEPING_LINGER_MS : 0),
    lingerUntil: Math.max(1, Math.floor(prefetch / 2)),
  };
}
