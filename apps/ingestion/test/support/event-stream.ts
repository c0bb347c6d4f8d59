export interface StreamEvent {
  id?: string;
  event: string;
  data: unknown;
}

/**
 * A real HTTP client of a Server-Sent Events stream: fetch, read the body as it arrives, split it
 * into events. `events` fills as they come; `closed` settles when the server ends the stream.
 */
export class EventStreamClient {
  readonly events: StreamEvent[] = [];
  status = 0;
  contentType = '';
  closed: Promise<void> = Promise.resolve();
  private readonly abort = new AbortController();

  async open(url: string, headers: Record<string, string>): Promise<this> {
    const response = await fetch(url, { headers: { accept: 'text/event-stream', ...headers }, signal: this.abort.signal });
    this.status = response.status;
    this.contentType = response.headers.get('content-type') ?? '';
    if (!response.body) return this;
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    this.closed = (async () => {
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
        if (done) return;
        buffer += value;
        for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
          this.take(buffer.slice(0, end));
          buffer = buffer.slice(end + 2);
        }
      }
    })();
    return this;
  }

  close(): void {
    this.abort.abort();
  }

  private take(block: string): void {
    const fields: Record<string, string> = {};
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) continue;
      const at = line.indexOf(':');
      if (at > 0) fields[line.slice(0, at)] = line.slice(at + 1).trimStart();
    }
    if (fields.event === undefined && fields.data === undefined) return;
    this.events.push({ id: fields.id, event: fields.event ?? 'message', data: fields.data === undefined ? undefined : JSON.parse(fields.data) });
  }
}
