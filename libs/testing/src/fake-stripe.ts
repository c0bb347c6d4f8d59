import { randomBytes } from 'node:crypto';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import Stripe from 'stripe';

/** One request the fake received: the form fields flat, as Stripe's form encoding names them (`metadata[organizationId]`). */
export interface FakeStripeRequest {
  method: string;
  path: string;
  authorization?: string;
  idempotencyKey?: string;
  form: Record<string, string>;
}

export interface FakeCheckoutSession {
  id: string;
  object: 'checkout.session';
  url: string;
  mode: string;
  status: 'open';
  payment_status: 'unpaid';
  amount_total: number;
  currency: string;
  client_reference_id: string | null;
  metadata: Record<string, string>;
  success_url: string | null;
  cancel_url: string | null;
  payment_intent: null;
  created: number;
}

/**
 * A local HTTP server that speaks the part of Stripe's API Zagel uses (`POST /v1/checkout/sessions`:
 * form-encoded, Bearer secret key, answers a Checkout Session object), so tests run the real Stripe SDK
 * against it via STRIPE_API_HOST/PORT/PROTOCOL. Other paths answer Stripe's error shape with 404.
 */
export class FakeStripe {
  readonly requests: FakeStripeRequest[] = [];
  readonly sessions = new Map<string, FakeCheckoutSession>();
  private server?: Server;
  port = 0;

  constructor(private readonly secretKey: string) {}

  /** Settings for a billing process that should use this server. */
  get env(): Record<string, string> {
    return {
      STRIPE_SECRET_KEY: this.secretKey,
      STRIPE_API_HOST: '127.0.0.1',
      STRIPE_API_PORT: String(this.port),
      STRIPE_API_PROTOCOL: 'http',
    };
  }

  async start(): Promise<void> {
    this.server = createServer((request, response) => {
      void this.handle(request, response);
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const path = (request.url ?? '/').split('?')[0];
    const hosted = /^\/c\/pay\/([A-Za-z0-9_]+)$/.exec(path);
    if (request.method === 'GET' && hosted) return this.hostedPage(hosted[1], response);
    const form = Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
    const header = (name: string) => (typeof request.headers[name] === 'string' ? (request.headers[name] as string) : undefined);
    this.requests.push({
      method: request.method ?? 'GET',
      path,
      authorization: header('authorization'),
      idempotencyKey: header('idempotency-key'),
      form,
    });
    if (header('authorization') !== `Bearer ${this.secretKey}`) {
      return this.reply(response, 401, { error: { type: 'invalid_request_error', message: 'Invalid API Key provided' } });
    }
    if (request.method === 'POST' && path === '/v1/checkout/sessions') return this.createSession(form, response);
    this.reply(response, 404, { error: { type: 'invalid_request_error', message: `Unrecognized request URL (${request.method}: ${path})` } });
  }

  private createSession(form: Record<string, string>, response: ServerResponse): void {
    const unitAmount = Number(form['line_items[0][price_data][unit_amount]']);
    const quantity = Number(form['line_items[0][quantity]'] ?? '1');
    const currency = form['line_items[0][price_data][currency]'];
    if (!Number.isInteger(unitAmount) || !currency || !form['mode']) {
      return this.reply(response, 400, { error: { type: 'invalid_request_error', message: 'Missing required param: line_items or mode.' } });
    }
    const metadata = Object.fromEntries(
      Object.entries(form)
        .filter(([key]) => key.startsWith('metadata['))
        .map(([key, value]) => [key.slice('metadata['.length, -1), value]),
    );
    const id = `cs_test_${randomBytes(12).toString('hex')}`;
    const session: FakeCheckoutSession = {
      id,
      object: 'checkout.session',
      url: `http://127.0.0.1:${this.port}/c/pay/${id}`,
      mode: form['mode'],
      status: 'open',
      payment_status: 'unpaid',
      amount_total: unitAmount * quantity,
      currency,
      client_reference_id: form['client_reference_id'] ?? null,
      metadata,
      success_url: form['success_url'] ?? null,
      cancel_url: form['cancel_url'] ?? null,
      payment_intent: null,
      created: Math.floor(Date.now() / 1000),
    };
    this.sessions.set(id, session);
    this.reply(response, 200, session);
  }

  /**
   * Stripe's `checkout.session.completed` event for a session of this fake, paid, as the webhook
   * endpoint receives it: the body and its `Stripe-Signature` header made with `webhookSecret`.
   */
  paidEvent(sessionId: string, webhookSecret: string): { payload: string; signature: string } {
    const session = this.sessions.get(sessionId);
    if (!session) throw new Error(`FakeStripe made no session ${sessionId}`);
    const object = { ...session, status: 'complete', payment_status: 'paid' };
    const event = { id: `evt_${randomBytes(12).toString('hex')}`, object: 'event', type: 'checkout.session.completed', created: Math.floor(Date.now() / 1000), data: { object } };
    const payload = JSON.stringify(event);
    return { payload, signature: Stripe.webhooks.generateTestHeaderString({ payload, secret: webhookSecret }) };
  }

  /** Where a browser lands at a session's `url`: a stand-in for Stripe's hosted page (paying is the test's move). */
  private hostedPage(sessionId: string, response: ServerResponse): void {
    const session = this.sessions.get(sessionId);
    response.writeHead(session ? 200 : 404, { 'content-type': 'text/html; charset=utf-8' });
    response.end(session ? `<!doctype html><title>Fake Stripe Checkout</title><h1>Pay ${session.amount_total} ${session.currency}</h1>` : '<!doctype html><title>Not found</title>');
  }

  private reply(response: ServerResponse, status: number, body: unknown): void {
    response.writeHead(status, { 'content-type': 'application/json', 'request-id': `req_${randomBytes(6).toString('hex')}` });
    response.end(JSON.stringify(body));
  }
}
