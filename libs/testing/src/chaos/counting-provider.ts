import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A provider simulator outside every Zagel process, so what it counts survives any kill: a plain HTTP
 * gateway (`POST /sms` with JSON `{ref, to, text}`, answered `{id}`) that counts each submit by the
 * message id Zagel puts in `ref`; `GET /sms/<ref>` answers whether one arrived (`{id}` or 404), counting
 * nothing. It keeps counts, not requests: a 100,000-recipient run stays small.
 * Texts are kept only for numbers someone asked about (`watch`), e.g. an OTP that fell back to a provider.
 */
export class CountingProvider {
  /** Submits per message id. */
  readonly sends = new Map<string, number>();
  /**
   * Numbers whose submits get no answer, to catch a sender between its submit and the response:
   * `counted` (the provider took it, the answer is lost), `uncounted` (it never arrived) or `late` (the
   * next submit only: the provider takes it after the sender gave up, so the first lookup of it finds
   * nothing and every later one finds it, like a request a starved gateway processes late).
   */
  readonly stalled = new Map<string, 'counted' | 'uncounted' | 'late'>();
  /** Lookups per message id. */
  readonly lookups = new Map<string, number>();
  /** Message ids of `late` submits the provider has not taken yet. */
  private readonly arriving = new Set<string>();
  /** When a looked-up or resent message id was asked about and taken, to explain a duplicate. */
  private readonly diaries = new Map<string, string[]>();
  private submits = 0;
  private readonly watched = new Map<string, string[]>();
  private server?: Server;
  private port = 0;

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Every submit so far, duplicates included. */
  get total(): number {
    return this.submits;
  }

  static async start(): Promise<CountingProvider> {
    const provider = new CountingProvider();
    provider.server = createServer((request, response) => void provider.handle(request, response));
    provider.server.keepAliveTimeout = 30_000;
    await new Promise<void>((resolve) => provider.server!.listen(0, '127.0.0.1', resolve));
    provider.port = (provider.server.address() as AddressInfo).port;
    return provider;
  }

  /** The http provider account's settings that send here. */
  accountSettings(): Record<string, unknown> {
    return {
      method: 'POST',
      urlTemplate: `${this.baseUrl}/sms`,
      bodyFormat: 'json',
      bodyTemplate: '{"ref":"{{messageId}}","to":"{{to}}","text":"{{body}}"}',
      providerIdPath: 'id',
      // Answers whether a message arrived, so a try a crash cut off is resent only if it never did.
      lookupUrlTemplate: `${this.baseUrl}/sms/{{messageId}}`,
    };
  }

  /** Keep the texts sent to this number from now on. */
  watch(to: string): void {
    if (!this.watched.has(to)) this.watched.set(to, []);
  }

  textsTo(to: string): readonly string[] {
    return this.watched.get(to) ?? [];
  }

  /** What happened to a message id that was looked up or sent more than once: lookups and their answers, submits taken. */
  diary(ref: string): readonly string[] {
    return this.diaries.get(ref) ?? [];
  }

  forget(to: string): void {
    this.watched.delete(to);
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const lookup = request.method === 'GET' ? /^\/sms\/([^/?]+)$/.exec(request.url ?? '') : null;
    if (lookup) {
      const ref = decodeURIComponent(lookup[1]);
      this.lookups.set(ref, (this.lookups.get(ref) ?? 0) + 1);
      this.note(ref, `asked: ${this.sends.has(ref) ? 'held' : 'not held'}`);
      if (this.arriving.delete(ref)) {
        response.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not_found"}');
        this.count(ref);
        return;
      }
      if (this.sends.has(ref)) response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id: `cp-${ref}` }));
      else response.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not_found"}');
      return;
    }
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    let body: { ref?: unknown; to?: unknown; text?: unknown };
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as typeof body;
    } catch {
      body = {};
    }
    if (request.method !== 'POST' || request.url !== '/sms' || typeof body.ref !== 'string' || typeof body.to !== 'string') {
      response.writeHead(400, { 'content-type': 'application/json' }).end('{"error":"bad_request"}');
      return;
    }
    const stall = this.stalled.get(body.to);
    if (stall === 'uncounted') return;
    if (stall === 'late') {
      this.stalled.delete(body.to);
      this.arriving.add(body.ref);
      return;
    }
    this.count(body.ref);
    if (stall === 'counted') return;
    this.watched.get(body.to)?.push(String(body.text));
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id: `cp-${body.ref}` }));
  }

  private count(ref: string): void {
    this.submits += 1;
    const sends = (this.sends.get(ref) ?? 0) + 1;
    this.sends.set(ref, sends);
    if (sends > 1 || this.diaries.has(ref)) this.note(ref, `taken (submit ${sends})`);
  }

  private note(ref: string, what: string): void {
    const diary = this.diaries.get(ref) ?? [];
    diary.push(`${new Date().toISOString().slice(11, 23)} ${what}`);
    this.diaries.set(ref, diary);
  }
}
