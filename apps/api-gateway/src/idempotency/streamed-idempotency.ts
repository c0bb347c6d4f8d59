import { Injectable, Logger } from '@nestjs/common';
import { createHash, Hash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { IdempotencyProblem } from './idempotency.errors';
import { IDEMPOTENCY_KEY_HEADER, REPLAYED_HEADER, SANE_KEY } from './idempotency.interceptor';
import { idempotencyScope } from './fingerprint';
import { CLAIM_LEASE_SECONDS, IdempotencyStore } from './idempotency-store';

/** What a streamed request's work is handed: feed every byte of the request into `hash`, and call `alive` now and then. */
export interface StreamedRequestWork {
  hash: Hash;
  /** Keeps the key claimed while the work runs longer than a claim's life (call it per chunk, and before a long step). */
  alive(seconds?: number): Promise<void>;
}

/**
 * `Idempotency-Key` for a request whose body is streamed rather than parsed up front (a campaign file):
 * the body's fingerprint is known only once it has been read, so the first request claims the key,
 * hashes the body as its work reads it and stores the answer with that hash. A retry with the key
 * after the first finished reads its own body only to hash it (`fingerprintOnly`), then is answered
 * the stored response (same body) or 422 (another body); while the first still runs it gets 409.
 */
@Injectable()
export class StreamedIdempotency {
  private readonly logger = new Logger(StreamedIdempotency.name);

  constructor(private readonly store: IdempotencyStore) {}

  async run<T>(
    request: FastifyRequest,
    reply: FastifyReply,
    owner: string,
    status: number,
    work: (streamed: StreamedRequestWork) => Promise<T>,
    fingerprintOnly: (hash: Hash) => Promise<void>,
  ): Promise<T> {
    const key = request.headers[IDEMPOTENCY_KEY_HEADER];
    const hash = createHash('sha256');
    const noop = { hash, alive: () => Promise.resolve() };
    if (key === undefined) return work(noop);
    if (typeof key !== 'string' || !SANE_KEY.test(key)) throw IdempotencyProblem.badKey();
    const scope = idempotencyScope({ owner, method: request.method, route: request.routeOptions.url ?? request.url, key });

    const existing = await this.store.claim(scope, '');
    if (existing) {
      if (existing.state === 'in_progress') throw IdempotencyProblem.inProgress();
      await fingerprintOnly(hash);
      if (hash.digest('hex') !== existing.fingerprint) throw IdempotencyProblem.keyReused();
      void reply.header(REPLAYED_HEADER, 'true');
      return existing.response.body as T;
    }
    let answer: T;
    try {
      answer = await this.store.whileClaimed(scope, () => work({ hash, alive: (seconds = CLAIM_LEASE_SECONDS) => this.store.holdClaim(scope, seconds) }));
    } catch (error) {
      await this.store.release(scope);
      throw error;
    }
    // The work is done: failing to remember it must not turn the client's success into an error.
    await this.store
      .complete(scope, hash.digest('hex'), { status, body: answer, headers: {} })
      .catch((error: unknown) => this.logger.warn(`idempotent response not stored: ${error instanceof Error ? error.message : String(error)}`));
    return answer;
  }
}
