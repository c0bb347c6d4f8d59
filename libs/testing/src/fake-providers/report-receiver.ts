import { FakeHttpServer } from './fake-http-server';

/** A delivery-report request as our gateway would hand it to an adapter (absolute URL, raw body). */
export interface ReceivedReport {
  method: string;
  url: string;
  headers: Record<string, string>;
  rawBody: string;
  query: Record<string, string>;
}

/** Stands in for the gateway's report endpoint: accepts every POST/GET and keeps it as received. */
export class ReportReceiver {
  private readonly http = new FakeHttpServer(() => ({ status: 200, type: 'text', body: 'OK' }));

  static async start(): Promise<ReportReceiver> {
    const receiver = new ReportReceiver();
    await receiver.http.start();
    return receiver;
  }

  /** An absolute URL on this receiver. */
  url(path = '/reports'): string {
    return `${this.http.baseUrl}${path}`;
  }

  get received(): ReceivedReport[] {
    return this.http.requests.map((request) => ({
      method: request.method,
      url: `${this.http.baseUrl}${request.url}`,
      headers: request.headers,
      rawBody: request.rawBody,
      query: request.query,
    }));
  }

  last(): ReceivedReport {
    const all = this.received;
    if (all.length === 0) throw new Error('no report received');
    return all[all.length - 1];
  }

  close(): Promise<void> {
    return this.http.close();
  }
}
