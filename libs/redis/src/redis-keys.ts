import { Namespace } from '@zagel/config';

/**
 * Builds every Redis key a service uses, under the deployment's namespace:
 * `keys.key('otp', sessionId)` is `zagel:otp:<id>`, or `t42:zagel:otp:<id>` in namespace t42.
 */
export class RedisKeys {
  constructor(private readonly namespace: Namespace) {}

  key(...parts: (string | number)[]): string {
    if (parts.length === 0) throw new Error('a Redis key needs at least one part');
    return this.namespace.redisKey(parts.join(':'));
  }

  /** A SCAN MATCH pattern for every key under these parts. */
  pattern(...parts: (string | number)[]): string {
    return this.namespace.redisKey([...parts, '*'].join(':'));
  }
}
