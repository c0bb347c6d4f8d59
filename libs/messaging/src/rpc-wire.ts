/** The body of an RPC reply. */
export type RpcReplyBody =
  | { ok: true; result: unknown }
  | { ok: false; error: { code: string; message: string; details?: Record<string, unknown> } };

/** RabbitMQ's direct reply-to pseudo-queue: replies go straight to the calling channel. */
export const DIRECT_REPLY_TO = 'amq.rabbitmq.reply-to';

/** Error codes the bus itself answers with; handlers add their own through an error's `code`. */
export const RpcErrorCode = {
  Internal: 'internal',
  InvalidRequest: 'invalid_request',
  UnknownType: 'unknown_type',
} as const;

/** Services name their errors in snake_case; a library's code (SQLSTATE `53300`, `ECONNRESET`) is not one. */
const SERVICE_ERROR_CODE = /^[a-z][a-z0-9]*(_[a-z0-9]+)*$/;

/**
 * The code of an error thrown by an RPC handler: its `code` property when that is a service's
 * snake_case error code, else `internal` (so a database or socket error is never mistaken by the
 * caller for a decision, and is logged as the failure it is).
 */
export function rpcErrorCode(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && SERVICE_ERROR_CODE.test(code) ? code : RpcErrorCode.Internal;
}

/** Structured facts a handler's error carries for the caller (its plain-object `details` property). */
export function rpcErrorDetails(error: unknown): Record<string, unknown> | undefined {
  const details = (error as { details?: unknown } | null)?.details;
  return details !== null && typeof details === 'object' && !Array.isArray(details)
    ? (details as Record<string, unknown>)
    : undefined;
}
