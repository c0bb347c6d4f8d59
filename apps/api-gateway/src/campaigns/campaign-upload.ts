import { HttpStatus, Injectable } from '@nestjs/common';
import type { Hash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  AbortCampaignUpload,
  BeginCampaignUpload,
  CampaignErrorCode,
  CampaignOptions,
  CampaignView,
  FinishCampaignUpload,
  MAX_UPLOAD_CHUNK_CHARS,
  UploadCampaignChunk,
} from '@zagel/contracts';
import { CorrelationContext } from '@zagel/observability';
import { ApiGatewayConfig } from '../config';
import { StreamedIdempotency, StreamedRequestWork } from '../idempotency/streamed-idempotency';
import { problem, ProblemException } from '../problem-details/problem';
import { ServiceRpc } from '../service-rpc/service-rpc';
import { CampaignForm } from './campaign-form';
import { RecordChunker } from './record-chunker';

/** About this much CSV per bus message: big enough that a million rows is ~50 calls, small enough to stay flat in memory. */
const CHUNK_BYTES = 1024 * 1024;
/** Chunks in flight to ingestion at once: ingestion parses one while the next is read from the client. */
const CHUNKS_IN_FLIGHT = 2;
/** The finish moves every recipient and prices the campaign: long for a million rows. */
const FINISH_TIMEOUT_MS = 120_000;
const CHUNK_TIMEOUT_MS = 30_000;

const refused = (status: number, code: string, detail: string) => new ProblemException(problem(status, code, detail));

/**
 * `POST /v1/campaigns`: reads the multipart body as it arrives and hands the file to ingestion a
 * chunk of whole records at a time (never the whole file in memory or on disk). Options are form
 * fields before the file (as in an S3 POST upload) or a JSON `options` part. A refused file is
 * taken back from ingestion: nothing is created.
 */
@Injectable()
export class CampaignUpload {
  constructor(
    private readonly rpc: ServiceRpc,
    private readonly settings: ApiGatewayConfig,
    private readonly idempotency: StreamedIdempotency,
  ) {}

  /** With an `Idempotency-Key`, a retried upload (same options and file) answers the campaign the first one created. */
  async create(correlation: CorrelationContext, organizationId: string, request: FastifyRequest, reply: FastifyReply): Promise<CampaignView> {
    if (!request.isMultipart()) throw refused(415, 'unsupported_media_type', 'Send the file as multipart/form-data with a `file` part.');
    return this.idempotency.run(
      request,
      reply,
      organizationId,
      HttpStatus.CREATED,
      (streamed) => this.upload(correlation, organizationId, request, streamed),
      (hash) => this.fingerprint(request, hash),
    );
  }

  private parts(request: FastifyRequest) {
    return request.parts({ limits: { fileSize: this.settings.CAMPAIGN_MAX_BYTES + 1, files: 1, fields: 40 } });
  }

  private async upload(correlation: CorrelationContext, organizationId: string, request: FastifyRequest, streamed: StreamedRequestWork): Promise<CampaignView> {
    const form = new CampaignForm();
    let uploadId: string | undefined;
    try {
      for await (const part of this.parts(request)) {
        if (part.type === 'field') {
          if (uploadId) throw refused(400, 'validation_failed', `The field ${part.fieldname} comes after the file; options must come first.`);
          streamed.hash.update(fieldLine(part.fieldname, part.value));
          form.add(part.fieldname, String(part.value));
          continue;
        }
        if (part.fieldname !== 'file' || uploadId) {
          part.file.resume();
          continue;
        }
        const options = await form.options();
        uploadId = await this.send(correlation, organizationId, options, part.file, streamed, (id) => (uploadId = id));
      }
      if (!uploadId) throw refused(400, 'validation_failed', 'The request has no `file` part.');
      await streamed.alive(FINISH_TIMEOUT_MS / 1000 + 60);
      return await this.rpc.call(correlation, 'ingestion', FinishCampaignUpload, { organizationId, uploadId }, FINISH_TIMEOUT_MS);
    } catch (error) {
      if (uploadId) await this.abort(correlation, organizationId, uploadId);
      throw error;
    }
  }

  /** Streams the file part to ingestion; answers the upload's id. `started` learns it as soon as ingestion does. */
  private async send(
    correlation: CorrelationContext,
    organizationId: string,
    options: CampaignOptions,
    file: AsyncIterable<Buffer>,
    streamed: StreamedRequestWork,
    started: (id: string) => void,
  ): Promise<string> {
    const chunker = new RecordChunker(CHUNK_BYTES);
    const decoder = new TextDecoder('utf-8', { fatal: true });
    const max = this.settings.CAMPAIGN_MAX_BYTES;
    let received = 0;
    let uploadId: string | undefined;
    const inFlight: Promise<unknown>[] = [];
    const text = (bytes: Buffer, firstLine: number) => {
      try {
        return decoder.decode(bytes);
      } catch {
        throw refused(400, CampaignErrorCode.NotCsv, `The file is not UTF-8 text (near line ${firstLine}).`);
      }
    };
    const hand = async (chunk: { bytes: Buffer; firstLine: number }) => {
      if (!uploadId) {
        const begun = await this.rpc.call(correlation, 'ingestion', BeginCampaignUpload, { organizationId, options, text: text(chunk.bytes, 1) }, CHUNK_TIMEOUT_MS);
        uploadId = begun.uploadId;
        started(uploadId);
        return;
      }
      if (inFlight.length >= CHUNKS_IN_FLIGHT) await inFlight.shift();
      await streamed.alive();
      const call = this.rpc.call(
        correlation,
        'ingestion',
        UploadCampaignChunk,
        { organizationId, uploadId, firstLine: chunk.firstLine, text: text(chunk.bytes, chunk.firstLine) },
        CHUNK_TIMEOUT_MS,
      );
      call.catch(() => undefined);
      inFlight.push(call);
    };
    try {
      for await (const piece of file) {
        received += piece.length;
        if (received > max) throw this.tooLarge();
        streamed.hash.update(piece);
        for (const chunk of chunker.push(piece)) await hand(chunk);
        if (chunker.heldBytes > MAX_UPLOAD_CHUNK_CHARS) throw refused(400, CampaignErrorCode.NotCsv, 'The file has no line end in 4 MiB: it is not CSV.');
      }
      const last = chunker.end();
      if (last) await hand(last);
      if (!uploadId) throw refused(400, CampaignErrorCode.NoHeader, 'The file is empty; the first line must name the columns.');
      await Promise.all(inFlight);
      return uploadId;
    } finally {
      // Nothing may still be writing rows when the caller takes a refused upload back.
      await Promise.allSettled(inFlight);
    }
  }

  /** A retry of a finished upload: its body is only read to be compared with the first one's. */
  private async fingerprint(request: FastifyRequest, hash: Hash): Promise<void> {
    let received = 0;
    for await (const part of this.parts(request)) {
      if (part.type === 'field') {
        hash.update(fieldLine(part.fieldname, part.value));
        continue;
      }
      if (part.fieldname !== 'file') {
        part.file.resume();
        continue;
      }
      for await (const piece of part.file as AsyncIterable<Buffer>) {
        received += piece.length;
        if (received > this.settings.CAMPAIGN_MAX_BYTES) throw this.tooLarge();
        hash.update(piece);
      }
    }
  }

  private tooLarge(): ProblemException {
    return refused(413, CampaignErrorCode.FileTooLarge, `The file is over the ${this.settings.CAMPAIGN_MAX_BYTES}-byte limit for a campaign.`);
  }

  private async abort(correlation: CorrelationContext, organizationId: string, uploadId: string): Promise<void> {
    await this.rpc.call(correlation, 'ingestion', AbortCampaignUpload, { organizationId, uploadId }).catch(() => undefined);
  }
}

/** A form field as it enters a request's fingerprint (name and value, unambiguous). */
function fieldLine(name: string, value: unknown): string {
  return `${JSON.stringify(name)}=${JSON.stringify(String(value))}\n`;
}
