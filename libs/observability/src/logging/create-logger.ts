import { hostname } from 'node:os';
import pino, { DestinationStream, Logger } from 'pino';
import { correlationMixin } from './correlation-fields';
import { prettyStream } from './pretty-stream';
import { REDACTED, redactionPaths } from './redaction';

export type LogFormat = 'json' | 'pretty';

export interface LoggerOptions {
  /** Written on every line as `service`. */
  service: string;
  /** pino level name; `silent` turns logging off. Default `info`. */
  level?: string;
  /** `json` (default) for machines, `pretty` for a developer's terminal. */
  format?: LogFormat;
  /** Written on every line as `instanceId`. Default `<hostname>-<pid>`, like PlatformConfig.INSTANCE_ID. */
  instanceId?: string;
  /** Extra paths to censor, in pino's redact syntax, added to DEFAULT_REDACT_PATHS. */
  redactPaths?: readonly string[];
  /** Where lines go; default stdout. Tests pass a stream that captures them. */
  destination?: DestinationStream;
}

/** A plain pino logger with Zagel's fields, correlation ids and redaction (for code outside Nest). */
export function createLogger(options: LoggerOptions): Logger {
  const output = options.destination ?? pino.destination({ dest: 1, sync: true });
  return pino(
    {
      level: options.level ?? 'info',
      base: { service: options.service, instanceId: options.instanceId ?? `${hostname()}-${process.pid}` },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      mixin: correlationMixin,
      redact: { paths: redactionPaths(options.redactPaths), censor: REDACTED },
    },
    options.format === 'pretty' ? prettyStream(output) : output,
  );
}
