import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';

/** One item of a Sentry envelope: its header (`type`: event, session, client_report...) and its payload. */
export interface EnvelopeItem {
  header: { type: string; length?: number; [field: string]: unknown };
  payload: unknown;
  /** The payload as it came over the wire, for searching what must not be there. */
  raw: string;
}

export interface ReceivedEnvelope {
  /** The URL path it was posted to: `/api/<project>/envelope/`. */
  path: string;
  /** The envelope header (event_id, dsn, sdk, sent_at). */
  header: Record<string, unknown>;
  items: EnvelopeItem[];
  /** The whole body, decompressed. */
  raw: string;
}

/**
 * Sentry's envelope format: a JSON header line, then per item a JSON header line and its payload,
 * `length` bytes when the item header says so, else up to the next newline.
 */
export function parseEnvelope(body: Buffer): Omit<ReceivedEnvelope, 'path'> {
  let at = 0;
  const line = (): Buffer => {
    const end = body.indexOf(0x0a, at);
    const slice = body.subarray(at, end < 0 ? body.length : end);
    at = end < 0 ? body.length : end + 1;
    return slice;
  };
  const header = JSON.parse(line().toString('utf8')) as Record<string, unknown>;
  const items: EnvelopeItem[] = [];
  while (at < body.length) {
    const headerLine = line().toString('utf8');
    if (headerLine.trim() === '') continue;
    const itemHeader = JSON.parse(headerLine) as EnvelopeItem['header'];
    let payload: Buffer;
    if (typeof itemHeader.length === 'number') {
      payload = body.subarray(at, at + itemHeader.length);
      at += itemHeader.length + 1;
    } else {
      payload = line();
    }
    const raw = payload.toString('utf8');
    let parsed: unknown = raw;
    try {
      parsed = JSON.parse(raw);
    } catch {
      // An attachment or another non-JSON item: kept as text.
    }
    items.push({ header: itemHeader, payload: parsed, raw });
  }
  return { header, items, raw: body.toString('utf8') };
}

/**
 * A local Sentry ingestion endpoint: accepts `POST /api/<project>/envelope/` as sentry.io does and
 * keeps every envelope. Point a service at it with `SENTRY_DSN=inbox.dsn`.
 */
export class SentryInbox {
  readonly envelopes: ReceivedEnvelope[] = [];
  private server?: Server;
  dsn = '';

  async start(project = 1): Promise<this> {
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const path = request.url?.split('?', 1)[0] ?? '';
        if (request.method !== 'POST' || !/^\/api\/\d+\/envelope\/$/.test(path)) {
          response.writeHead(404).end();
          return;
        }
        const compressed = Buffer.concat(chunks);
        const body = request.headers['content-encoding'] === 'gzip' ? gunzipSync(compressed) : compressed;
        this.envelopes.push({ path, ...parseEnvelope(body) });
        response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.dsn = `http://publickey@127.0.0.1:${(this.server.address() as AddressInfo).port}/${project}`;
    return this;
  }

  /** The error events received so far (envelope items of type `event`). */
  get events(): { event: Record<string, unknown>; raw: string; envelope: ReceivedEnvelope }[] {
    return this.envelopes.flatMap((envelope) =>
      envelope.items.filter((item) => item.header.type === 'event').map((item) => ({ event: item.payload as Record<string, unknown>, raw: item.raw, envelope })),
    );
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise((resolve) => (this.server ? this.server.close(resolve) : resolve(undefined)));
  }
}
