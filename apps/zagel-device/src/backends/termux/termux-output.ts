import { DeviceReadings, InboxMessage, operatorFromCode } from '../sms-backend';

/**
 * Readers for Termux:API's JSON output. Each takes what the tool printed and keeps only what it
 * can trust the shape of: an entry with a missing or mistyped field is skipped, not guessed.
 */

/** One entry of `termux-sms-list` (fields as documented: threadid, type, read, number, received, body, _id). */
export interface TermuxSms {
  _id: number;
  threadid?: number;
  type: string;
  read?: boolean;
  number: string;
  /** Local time, `yyyy-MM-dd HH:mm:ss`. */
  received: string;
  body: string;
}

function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new Error(`${what} printed something that is not JSON: ${text.trim().slice(0, 200)}`);
  }
}

/** `2026-12-03 17:04:05` in the phone's time zone (how Termux:API prints `received`). */
export function parseTermuxTime(value: string): Date | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?$/.exec(value.trim());
  if (!match) return undefined;
  const [, year, month, day, hour, minute, second = '0'] = match;
  const date = new Date(Number(year), Number(month) - 1, Number(day), Number(hour), Number(minute), Number(second));
  return Number.isNaN(date.getTime()) ? undefined : date;
}

export function parseSmsList(text: string): TermuxSms[] {
  const parsed = parseJson(text, 'termux-sms-list');
  if (!Array.isArray(parsed)) throw new Error('termux-sms-list did not print a list');
  return parsed.filter(
    (entry): entry is TermuxSms =>
      typeof entry === 'object' &&
      entry !== null &&
      typeof entry._id === 'number' &&
      typeof entry.number === 'string' &&
      typeof entry.body === 'string' &&
      typeof entry.received === 'string' &&
      typeof entry.type === 'string',
  );
}

/** Inbox entries as the agent reports them (the number as Android stored it: `+2010...`, or a sender name). */
export function inboxMessagesOf(list: TermuxSms[]): InboxMessage[] {
  return list.flatMap((sms) => {
    const receivedAt = parseTermuxTime(sms.received);
    if (sms.type !== 'inbox' || !receivedAt || sms.number.trim() === '') return [];
    return [{ id: String(sms._id), from: sms.number.trim(), body: sms.body, receivedAt }];
  });
}

/** `termux-telephony-deviceinfo`: the SIM's operator (MCC+MNC and name), the network's when the SIM's is absent. */
export function carrierOf(deviceInfoText: string): DeviceReadings['carrier'] {
  const info = parseJson(deviceInfoText, 'termux-telephony-deviceinfo') as Record<string, unknown>;
  const text = (key: string) => (typeof info?.[key] === 'string' ? (info[key] as string) : undefined);
  return operatorFromCode(text('sim_operator'), text('sim_operator_name')) ?? operatorFromCode(text('network_operator'), text('network_operator_name'));
}

/** `termux-battery-status`: `percentage`, 0..100. */
export function batteryOf(batteryText: string): number | undefined {
  const status = parseJson(batteryText, 'termux-battery-status') as Record<string, unknown>;
  const percentage = status?.percentage;
  return typeof percentage === 'number' && percentage >= 0 && percentage <= 100 ? Math.round(percentage) : undefined;
}

/** `termux-telephony-cellinfo`: the `level` (0..4) of the cell the phone is registered on. */
export function signalOf(cellInfoText: string): number | undefined {
  const cells = parseJson(cellInfoText, 'termux-telephony-cellinfo');
  if (!Array.isArray(cells)) return undefined;
  const registered = cells.find((cell) => typeof cell === 'object' && cell !== null && cell.registered === true && typeof cell.level === 'number');
  return registered ? Math.max(0, Math.min(4, Math.round(registered.level as number))) : undefined;
}
