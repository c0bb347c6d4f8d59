import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { isValidWebhookSignature, WEBHOOK_SIGNATURE_HEADER } from '@zagel/sdk';

export interface ReceivedCallback {
  headers: IncomingMessage['headers'];
  body: string;
  json: Record<string, unknown>;
  /** The parameters of a form-encoded callback (a Twilio-form status callback); empty for JSON ones. */
  form: Record<string, string>;
}

/** A customer's HTTP endpoint on 127.0.0.1: records every POST and answers with what `respond` says. */
export class CallbackServer {
  readonly received: ReceivedCallback[] = [];
  private server?: Server;
  url = '';

  constructor(private readonly respond: (attempt: number) => number = () => 200) {}

  async start(path = '/hooks/zagel'): Promise<this> {
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const isForm = String(request.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded');
        this.received.push({
          headers: request.headers,
          body,
          json: isForm ? {} : (JSON.parse(body) as Record<string, unknown>),
          form: isForm ? Object.fromEntries(new URLSearchParams(body)) : {},
        });
        response.statusCode = this.respond(this.received.length);
        response.end();
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}${path}`;
    return this;
  }

  async stop(): Promise<void> {
    await new Promise((resolve) => (this.server ? this.server.close(resolve) : resolve(undefined)));
  }
}

/** Checks the call's `Zagel-Signature` as a customer would: with @zagel/sdk's `isValidWebhookSignature`. */
export function validSignature(callback: ReceivedCallback, secret: string): Promise<boolean> {
  return isValidWebhookSignature({ payload: callback.body, signature: callback.headers[WEBHOOK_SIGNATURE_HEADER], secret });
}
