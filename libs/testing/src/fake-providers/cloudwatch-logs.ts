import { randomBytes, randomUUID } from 'node:crypto';
import type { FakeResponse, RecordedRequest } from './fake-http-server';

/** One log event as CloudWatch Logs keeps it. */
export interface LogEvent {
  logStreamName: string;
  timestamp: number;
  ingestionTime: number;
  message: string;
  eventId: string;
}

/** A CloudWatch Logs error as the AWS JSON 1.1 protocol answers it. */
export function logsError(type: string, message: string, status = 400): FakeResponse {
  return { status, body: { __type: type, message }, headers: { 'content-type': 'application/x-amz-json-1.1' } };
}

/** The longest filter pattern FilterLogEvents takes. */
const FILTER_PATTERN_MAX_LENGTH = 1024;
/** `$.a.b = "value"`, optionally in parentheses: the JSON equality terms the fake understands. */
const EQUALITY = /^\(?\s*\$\.([\w.]+)\s*=\s*"([^"]*)"\s*\)?$/;

/**
 * A JSON filter pattern of equality terms joined by `||` (`{ ($.a.b = "x") || ($.a.b = "y") }`) as a predicate
 * over an event's message; undefined for anything else. CloudWatch's grammar is larger; this is what SNS
 * delivery status searches use.
 */
function jsonFilter(pattern: string): ((message: string) => boolean) | undefined {
  const body = /^\{(.*)\}$/s.exec(pattern.trim())?.[1];
  if (body === undefined) return undefined;
  const terms = body.split('||').map((term) => EQUALITY.exec(term.trim()));
  if (terms.some((term) => !term)) return undefined;
  const equalities = terms.map((term) => ({ path: term![1]!.split('.'), value: term![2]! }));
  return (message) => {
    let json: unknown;
    try {
      json = JSON.parse(message);
    } catch {
      return false;
    }
    return equalities.some(({ path, value }) => {
      const found = path.reduce<unknown>((node, key) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined), json);
      return found !== undefined && String(found) === value;
    });
  };
}

interface FilterLogEventsRequest {
  logGroupName?: string;
  filterPattern?: string;
  startTime?: number;
  endTime?: number;
  nextToken?: string;
  limit?: number;
}

/**
 * CloudWatch Logs' `FilterLogEvents` over log groups held in memory (AWS JSON 1.1, target
 * `Logs_20140328.FilterLogEvents`): events in timestamp order, `startTime`/`endTime`, a JSON filter pattern,
 * pages of at most `limit` (and at most `pageSize`) events joined by an opaque `nextToken`. A group that was
 * never written to does not exist (`ResourceNotFoundException`), as in CloudWatch.
 */
export class FakeLogGroups {
  /** The most events one page carries (CloudWatch: 10,000 or 1 MB); lower it to make a search page. */
  pageSize = 10_000;
  private readonly groups = new Map<string, LogEvent[]>();
  private readonly tokens = new Map<string, { request: string; offset: number }>();
  private sequence = 0;

  write(group: string, message: string, timestamp = Date.now(), logStreamName = randomUUID()): void {
    const events = this.groups.get(group) ?? [];
    events.push({ logStreamName, timestamp, ingestionTime: Date.now(), message, eventId: String((this.sequence += 1)).padStart(56, '0') });
    events.sort((a, b) => a.timestamp - b.timestamp);
    this.groups.set(group, events);
  }

  events(group: string): readonly LogEvent[] {
    return this.groups.get(group) ?? [];
  }

  filterLogEvents(request: RecordedRequest): FakeResponse {
    let input: FilterLogEventsRequest;
    try {
      input = JSON.parse(request.rawBody) as FilterLogEventsRequest;
    } catch {
      return logsError('SerializationException', 'Start of structure or map found where not expected.');
    }
    if (!input.logGroupName) return logsError('InvalidParameterException', 'Either logGroupName or logGroupIdentifier must be specified');
    const events = this.groups.get(input.logGroupName);
    if (!events) return logsError('ResourceNotFoundException', 'The specified log group does not exist.');
    const pattern = input.filterPattern ?? '';
    if (pattern.length > FILTER_PATTERN_MAX_LENGTH) {
      return logsError('InvalidParameterException', `1 validation error detected: Value at 'filterPattern' failed to satisfy constraint: Member must have length less than or equal to ${FILTER_PATTERN_MAX_LENGTH}`);
    }
    const matches = pattern.trim() === '' ? () => true : jsonFilter(pattern);
    if (!matches) return logsError('InvalidParameterException', 'Invalid character(s) in term');
    const { nextToken, limit, ...query } = input;
    const key = JSON.stringify(query);
    let offset = 0;
    if (nextToken !== undefined) {
      const resumed = this.tokens.get(nextToken);
      if (!resumed || resumed.request !== key) return logsError('InvalidParameterException', 'The specified nextToken is invalid.');
      offset = resumed.offset;
    }
    const found = events.filter(
      (event) => (input.startTime === undefined || event.timestamp >= input.startTime) && (input.endTime === undefined || event.timestamp <= input.endTime) && matches(event.message),
    );
    const size = Math.min(limit ?? 10_000, this.pageSize);
    const page = found.slice(offset, offset + size);
    const answer: Record<string, unknown> = { events: page, searchedLogStreams: [] };
    if (offset + size < found.length) {
      const token = randomBytes(32).toString('base64url');
      this.tokens.set(token, { request: key, offset: offset + size });
      answer.nextToken = token;
    }
    return { status: 200, body: answer, headers: { 'content-type': 'application/x-amz-json-1.1' } };
  }
}
