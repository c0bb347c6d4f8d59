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

/** The code of an error thrown by an RPC handler: its string `code` property, else `internal`. */
export function rpcErrorCode(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.length > 0 ? code : RpcErrorCode.Internal;
}

/** Structured facts a handler's error carries for the caller (its plain-object `details` property). */
export function rpcErrorDetails(error: unknown): Record<string, unknown> | undefined {
  const details = (error as { details?: unknown } | null)?.details;
  return details !== null && typeof details === 'object' && !Array.isArray(details)
    ? (details as Record<string, unknown>)
    : undefined;
}
