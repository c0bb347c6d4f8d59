/**
 * Readers for `mmcli --output-keyvalue` (`-K`): one `key : value` per line, keys padded with spaces,
 * `--` for an empty value. A value with line breaks (an SMS text) goes on over the lines that do not
 * start with a key.
 */

const KEY_LINE = /^([a-z0-9][a-z0-9._\-[\]]*)\s*:\s?(.*)$/;

export function parseKeyValue(text: string): Map<string, string> {
  const values = new Map<string, string>();
  let last: string | undefined;
  for (const line of text.split('\n')) {
    const match = KEY_LINE.exec(line);
    if (match) {
      last = match[1];
      values.set(last, match[2].trim() === '--' ? '' : match[2].trimEnd());
    } else if (last !== undefined && line !== '') {
      values.set(last, `${values.get(last)}\n${line}`);
    }
  }
  return values;
}

/** The SMS indexes an mmcli answer names (`/org/freedesktop/ModemManager1/SMS/21`, in either output format). */
export function smsIndexesIn(text: string): string[] {
  return [...text.matchAll(/\/org\/freedesktop\/ModemManager1\/SMS\/(\d+)/g)].map((match) => match[1]);
}

/** ModemManager's SMS timestamps: ISO 8601, sometimes with an hour-only offset (`2026-09-23T17:25:11+08`). */
export function parseModemTime(value: string | undefined): Date | undefined {
  if (!value) return undefined;
  const normalized = value.trim().replace(/([+-]\d{2})$/, '$1:00');
  const date = new Date(normalized);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** `text='...'` for `--messaging-create-sms`: ModemManager reads quoted values without escapes, so a text holding both quote kinds cannot be passed. */
export function quotedValue(value: string): string | undefined {
  if (!value.includes("'")) return `'${value}'`;
  if (!value.includes('"')) return `"${value}"`;
  return undefined;
}

/** Signal quality (percent) as bars, 0..4. */
export function barsOf(percent: number): number {
  if (!Number.isFinite(percent) || percent <= 0) return 0;
  return Math.min(4, Math.ceil(percent / 25));
}
