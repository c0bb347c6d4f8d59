import { BusErrorCode } from '@zagel/contracts';

/** Thrown by a handler when retrying cannot help (the message goes to the dead-letter queue at once). */
export class PermanentFailure extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PermanentFailure';
  }
}

/** The callee did not answer before the deadline (it may be down, busy, or have no consumer at all). */
export class RpcTimeoutError extends Error {
  constructor(
    readonly type: string,
    readonly service: string,
    readonly timeoutMs: number,
  ) {
    super(`rpc ${type} to ${service} got no reply within ${timeoutMs} ms`);
    this.name = 'RpcTimeoutError';
  }
}

/** Nothing can take the request: the callee's RPC queue does not exist. */
export class RpcUnavailableError extends Error {
  constructor(
    readonly type: string,
    readonly service: string,
  ) {
    super(`rpc ${type}: ${service} has no rpc queue`);
    this.name = 'RpcUnavailableError';
  }
}

/** The callee answered with an error; `code` is the error's code on the remote side, `internal` if it had none. */
export class RpcRemoteError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly type?: string,
    readonly service?: string,
    /** Structured facts from the handler's error (e.g. a shortfall, a retry delay). */
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'RpcRemoteError';
  }
}

/** A command was published but no queue is bound for its target (the service or instance is not running). */
export class UnroutableMessage extends Error {
  readonly code = BusErrorCode.Unroutable;

  constructor(
    readonly type: string,
    readonly exchange: string,
    readonly routingKey: string,
  ) {
    super(`no queue is bound to ${exchange} for ${routingKey} (${type})`);
    this.name = 'UnroutableMessage';
  }
}

/** The broker refused a message (basic.nack), or the bus was closed before the message was confirmed. */
export class PublishFailed extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PublishFailed';
  }
}

/** Seconds a client refused with LiveLaneFull should wait before trying again. */
export const LIVE_LANE_RETRY_AFTER_SECONDS = 1;

/**
 * The broker refused a message (basic.nack). The only queues that refuse are bounded live queues
 * (`x-overflow: reject-publish`) at their length: the live lane is past its capacity, so the
 * request that published is refused now (503 + Retry-After) rather than queued for seconds. An RPC
 * handler that lets it through answers with its `code`, which the gateway maps.
 */
export class LiveLaneFull extends PublishFailed {
  readonly code = BusErrorCode.LiveLaneFull;
  readonly details = { retryAfterSeconds: LIVE_LANE_RETRY_AFTER_SECONDS };

  constructor(routingKey: string) {
    super(`the live lane is full: a bounded queue refused ${routingKey}`);
    this.name = 'LiveLaneFull';
  }
}
