import { createHash } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Injectable } from '@nestjs/common';
import { IngestionErrorCode, SendMessage } from '@zagel/contracts';
import { RpcRemoteError, RpcTimeoutError, RpcUnavailableError } from '@zagel/messaging';
import { InjectRedis, RedisClient, RedisKeys } from '@zagel/redis';
import { installedLiveLimit } from '../live-capacity/live-capacity';
import { ServiceRpc } from '../service-rpc/service-rpc';
import { SMPP_STATUS } from './smpp-library';

/** How long a submit is remembered, so the same PDU resubmitted after a reconnect is not sent twice. */
const RESUBMIT_WINDOW_SECONDS = 600;
const PENDING = 'pending';

export interface SmppSubmission {
  apiKeyId: string;
  organizationId: string;
  to: string;
  text: string;
  /** registered_delivery asked for a receipt. */
  receipt: boolean;
  /** What identifies a resubmission: the submitting PDU's sequence number (the first part's, for a long message). */
  sequence: number;
}

export type SubmitOutcome = { ok: true; messageId: string } | { ok: false; status: number; reason: string };

const STATUS_BY_CODE: Record<string, number> = {
  [IngestionErrorCode.InvalidPhoneNumber]: SMPP_STATUS.ESME_RINVDSTADR,
  [IngestionErrorCode.CannotReceiveSms]: SMPP_STATUS.ESME_RINVDSTADR,
  [IngestionErrorCode.BodyTooLong]: SMPP_STATUS.ESME_RINVMSGLEN,
  [IngestionErrorCode.MissingContent]: SMPP_STATUS.ESME_RINVMSGLEN,
  live_capacity_exceeded: SMPP_STATUS.ESME_RTHROTTLED,
};

/**
 * A submit_sm (or a reassembled long message) as an ordinary message: the same SendMessage RPC to ingestion as
 * POST /v1/messages, admitted by the same adaptive live limit as the HTTP live lane (ESME_RTHROTTLED past it).
 * A submit seen in the last RESUBMIT_WINDOW_SECONDS with the same key, sequence number, recipient and text is
 * answered with the first one's message id instead of being sent again.
 */
@Injectable()
export class SubmitMessageUseCase {
  constructor(
    private readonly rpc: ServiceRpc,
    @InjectRedis() private readonly redis: RedisClient,
    private readonly keys: RedisKeys,
  ) {}

  async execute(submission: SmppSubmission): Promise<SubmitOutcome> {
    const limit = installedLiveLimit();
    const ticket = limit?.tryAcquire(performance.now());
    if (limit && !ticket) return { ok: false, status: SMPP_STATUS.ESME_RTHROTTLED, reason: 'live capacity exceeded' };
    let overloaded = false;
    try {
      const outcome = await this.submitOnce(submission);
      overloaded = !outcome.ok && outcome.status === SMPP_STATUS.ESME_RTHROTTLED;
      return outcome;
    } finally {
      if (limit && ticket) limit.release(ticket, performance.now(), overloaded ? 'overloaded' : 'answered');
    }
  }

  private async submitOnce(submission: SmppSubmission): Promise<SubmitOutcome> {
    const fingerprint = createHash('sha256').update(`${submission.sequence}\n${submission.to}\n${submission.text}`).digest('hex');
    const key = this.keys.key('smpp', 'submitted', submission.apiKeyId, fingerprint);
    const claimed = await this.redis.set(key, PENDING, { NX: true, EX: RESUBMIT_WINDOW_SECONDS });
    if (claimed === null) {
      const earlier = await this.redis.get(key);
      if (earlier && earlier !== PENDING) return { ok: true, messageId: earlier };
      return { ok: false, status: SMPP_STATUS.ESME_RTHROTTLED, reason: 'the same submit is still in progress' };
    }
    try {
      const accepted = await this.rpc.call(undefined, 'ingestion', SendMessage, {
        organizationId: submission.organizationId,
        to: submission.to,
        body: submission.text,
        smppKeyId: submission.apiKeyId,
        smppReceipt: submission.receipt,
      });
      await this.redis.set(key, accepted.id, { EX: RESUBMIT_WINDOW_SECONDS });
      return { ok: true, messageId: accepted.id };
    } catch (error) {
      await this.redis.del(key);
      return refusal(error);
    }
  }
}

function refusal(error: unknown): SubmitOutcome {
  if (error instanceof RpcTimeoutError || error instanceof RpcUnavailableError) {
    return { ok: false, status: SMPP_STATUS.ESME_RTHROTTLED, reason: error.message };
  }
  if (error instanceof RpcRemoteError) {
    return { ok: false, status: STATUS_BY_CODE[error.code] ?? SMPP_STATUS.ESME_RSUBMITFAIL, reason: `${error.code}: ${error.message}` };
  }
  return { ok: false, status: SMPP_STATUS.ESME_RSYSERR, reason: String(error) };
}
