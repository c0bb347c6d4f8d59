/** One Server-Sent Event as it came: its id, its name (`message` when unnamed) and its data (JSON, parsed). */
export interface ServerSentEvent {
  id?: string;
  event: string;
  data: unknown;
}

function parseEvent(block: string): ServerSentEvent | undefined {
  const fields: Record<string, string> = {};
  for (const line of block.split('\n')) {
    if (line.startsWith(':')) continue;
    const at = line.indexOf(':');
    if (at > 0) fields[line.slice(0, at)] = line.slice(at + 1).trimStart();
  }
  if (fields.event === undefined && fields.data === undefined) return undefined;
  let data: unknown = fields.data;
  try {
    data = fields.data === undefined ? undefined : JSON.parse(fields.data);
  } catch {
    // Not JSON: the text as it came.
  }
  return { id: fields.id, event: fields.event ?? 'message', data };
}

/** The events of a `text/event-stream` body, as they arrive, until the server ends it. */
export async function* readEventStream(body: ReadableStream<Uint8Array>): AsyncGenerator<ServerSentEvent> {
  // A TextDecoder rather than TextDecoderStream: the same code typechecks against Node's and the DOM's stream types (the dashboard).
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += decoder.decode(value, { stream: true }).replace(/\r\n/g, '\n');
      for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
        const event = parseEvent(buffer.slice(0, end));
        buffer = buffer.slice(end + 2);
        if (event) yield event;
      }
    }
  } finally {
    reader.releaseLock();
  }
}
