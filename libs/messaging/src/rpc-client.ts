import type { Channel, ConsumeMessage, Message } from 'amqplib';
import type { AmqpConnectionManager } from 'amqp-connection-manager';
import { Namespace } from '@zagel/config';
import { ContractViolation, parsePayload, RpcContract } from '@zagel/contracts';
import { BusLogger, describeError } from './bus-logger';
import { injectTraceContext } from '@zagel/observability';
import { busMetrics, RpcOutcome } from './bus-metrics';
import { traceRpcCall } from './bus-tracing';
import { RpcRemoteError, RpcTimeoutError, RpcUnavailableError } from './errors';
import { ManagedChannel } from './managed-channel';
import { newMetadata } from './prepare-message';
import { DIRECT_REPLY_TO, RpcReplyBody } from './rpc-wire';
import { rpcQueueName } from './topology';
import { encodeBody, publishProperties } from './wire-format';

export interface RpcCallOptions {
  /** Deadline for the reply; the request also expires in the callee's queue after this long. */
  timeoutMs?: number;
  tenantId?: string;
  correlationId?: string;
}

interface PendingCall {
  contract: RpcContract;
  service: string;
  timer: NodeJS.Timeout;
  resolve(value: unknown): void;
  reject(error: Error): void;
}

export interface RpcClientOptions {
  namespace: Namespace;
  /** The calling service (appId of requests, metrics label). */
  service: string;
  defaultTimeoutMs: number;
  logger: BusLogger;
}

/**
 * Request/reply over direct reply-to: requests go to `<service>.rpc` through the default
 * exchange, non-persistent, expiring with the deadline; replies come back on the channel that
 * sent them, matched by correlationId (the request's messageId). A call always settles by its
 * deadline: with the reply, RpcRemoteError, RpcUnavailableError (no such queue) or RpcTimeoutError.
 */
export class RpcClient {
  private channel?: ManagedChannel<Channel>;
  private readonly pending = new Map<string, PendingCall>();

  constructor(
    private readonly manager: AmqpConnectionManager,
    private readonly options: RpcClientOptions,
  ) {}

  /** Calls `service` and waits for its reply, inside an RPC client span while tracing is on. */
  call<Req extends object, Res extends object>(
    contract: RpcContract<Req, Res>,
    service: string,
    payload: Req,
    options: RpcCallOptions = {},
  ): Promise<Res> {
    return traceRpcCall(contract.type, service, () => this.request(contract, service, payload, options));
  }

  private async request<Req extends object, Res extends object>(
    contract: RpcContract<Req, Res>,
    service: string,
    payload: Req,
    options: RpcCallOptions,
  ): Promise<Res> {
    const request = parsePayload(contract.type, contract.payload, payload);
    const timeoutMs = options.timeoutMs ?? this.options.defaultTimeoutMs;
    const deadline = Date.now() + timeoutMs;
    const metadata = newMetadata(contract, { tenantId: options.tenantId, correlationId: options.correlationId });

    const channel = await this.openChannel().ready(timeoutMs);
    const remainingMs = deadline - Date.now();
    if (!channel || remainingMs <= 0) {
      throw this.finish(contract, service, new RpcTimeoutError(contract.type, service, timeoutMs));
    }

    return new Promise<Res>((resolve, reject) => {
      const id = metadata.messageId;
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(this.finish(contract, service, new RpcTimeoutError(contract.type, service, timeoutMs)));
      }, remainingMs);
      this.pending.set(id, { contract, service, timer, resolve: resolve as (value: unknown) => void, reject });
      const properties = publishProperties(metadata, this.options.service, false);
      injectTraceContext(properties.headers as Record<string, unknown>);
      try {
        channel.publish('', rpcQueueName(this.options.namespace, service, contract.lane), encodeBody(request), {
          ...properties,
          correlationId: id,
          replyTo: DIRECT_REPLY_TO,
          expiration: String(remainingMs),
          mandatory: true,
        });
      } catch (error) {
        this.settle(id, undefined, new RpcTimeoutError(contract.type, service, timeoutMs));
        this.options.logger.warn(`bus rpc ${contract.type}: request not sent: ${describeError(error)}`);
      }
    });
  }

  /** Fails the calls still waiting and closes the channel. */
  async close(): Promise<void> {
    for (const [id, call] of this.pending) {
      this.settle(id, undefined, new RpcTimeoutError(call.contract.type, call.service, 0));
    }
    await this.channel?.close();
  }

  private openChannel(): ManagedChannel<Channel> {
    // Opened on first use: most services never call an RPC.
    this.channel ??= new ManagedChannel<Channel>(this.manager, {
      name: `${this.options.service}.rpc-client`,
      confirm: false,
      logger: this.options.logger,
      setup: async (channel) => {
        channel.on('return', (message: Message) => this.onReturn(message));
        await channel.consume(DIRECT_REPLY_TO, (message) => this.onReply(message), { noAck: true });
      },
    });
    return this.channel;
  }

  private onReturn(message: Message): void {
    const id = message.properties.correlationId as string | undefined;
    const call = id === undefined ? undefined : this.pending.get(id);
    if (id === undefined || !call) return;
    this.settle(id, undefined, new RpcUnavailableError(call.contract.type, call.service));
  }

  private onReply(message: ConsumeMessage | null): void {
    const id = message?.properties.correlationId as string | undefined;
    const call = id === undefined ? undefined : this.pending.get(id);
    if (!message || id === undefined || !call) return;
    let body: RpcReplyBody;
    try {
      body = JSON.parse(message.content.toString('utf8')) as RpcReplyBody;
    } catch (error) {
      this.settle(id, undefined, new RpcRemoteError('invalid_reply', `reply is not JSON: ${describeError(error)}`));
      return;
    }
    if (!body.ok) {
      const { code, message: text, details } = body.error ?? { code: 'internal', message: 'malformed error reply' };
      this.settle(id, undefined, new RpcRemoteError(code, text, call.contract.type, call.service, details));
      return;
    }
    try {
      this.settle(id, parsePayload(`${call.contract.type} reply`, call.contract.reply, body.result));
    } catch (error) {
      this.settle(id, undefined, error instanceof ContractViolation ? error : new Error(describeError(error)));
    }
  }

  private settle(id: string, value: unknown, error?: Error): void {
    const call = this.pending.get(id);
    if (!call) return;
    this.pending.delete(id);
    clearTimeout(call.timer);
    if (error) call.reject(this.finish(call.contract, call.service, error));
    else {
      this.count(call.contract, 'ok');
      call.resolve(value);
    }
  }

  private finish(contract: RpcContract, service: string, error: Error): Error {
    const outcome: RpcOutcome =
      error instanceof RpcTimeoutError
        ? 'timeout'
        : error instanceof RpcUnavailableError
          ? 'unavailable'
          : error instanceof RpcRemoteError
            ? 'remote_error'
            : 'invalid_reply';
    this.count(contract, outcome);
    return error;
  }

  private count(contract: RpcContract, outcome: RpcOutcome): void {
    busMetrics.rpcCalls.inc({ service: this.options.service, type: contract.type, outcome });
  }
}
