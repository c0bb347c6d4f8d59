import type { DestinationStream } from 'pino';
import { prettyFactory } from 'pino-pretty';

// Shown in the message instead (or, for the service, in the launcher's line prefix).
const FOLDED_FIELDS = 'pid,hostname,service,instanceId,context,req,res,responseTime,reqId';

function formatMessage(log: Record<string, unknown>, messageKey: string): string {
  const context = typeof log.context === 'string' ? `[${log.context}] ` : '';
  const message = String(log[messageKey] ?? '');
  const req = log.req as { method?: string; url?: string } | undefined;
  const res = log.res as { statusCode?: number } | undefined;
  if (!req?.method || !res) return `${context}${message}`;
  return `${context}${req.method} ${req.url} → ${res.statusCode} (${String(log.responseTime)} ms)`;
}

/**
 * Human-readable, one line per entry, colorized when the terminal supports it (or FORCE_COLOR).
 * Formats in-process and writes synchronously, unlike the pino-pretty worker transport, so the
 * last lines before a crash or `process.exit` are never lost; it is a development format.
 */
export function prettyStream(destination: DestinationStream): DestinationStream {
  const format = prettyFactory({
    singleLine: true,
    translateTime: 'SYS:HH:MM:ss.l',
    ignore: FOLDED_FIELDS,
    messageFormat: formatMessage,
  });
  return { write: (line: string) => destination.write(format(line)) };
}
