import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { EntityManager } from 'typeorm';

/** A field as COPY takes it: null/undefined is NULL, a Date its ISO time, an object its JSON. */
export type CopyValue = string | number | bigint | boolean | Date | object | null | undefined;

const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };
const SPECIAL = /[\\\t\n\r]/;
const SPECIALS = /[\\\t\n\r]/g;

/** One field in COPY's text format. */
export function copyField(value: CopyValue): string {
  if (value === null || value === undefined) return '\\N';
  if (typeof value === 'number') return String(value);
  const text = typeof value === 'string' ? value : value instanceof Date ? value.toISOString() : typeof value === 'object' ? JSON.stringify(value) : String(value);
  // Most fields need no escape: test first rather than rebuild every string (a million-row COPY notices).
  return SPECIAL.test(text) ? text.replace(SPECIALS, (character) => ESCAPES[character]) : text;
}

function copyLine(row: readonly CopyValue[]): string {
  let line = row.length > 0 ? copyField(row[0]) : '';
  for (let index = 1; index < row.length; index += 1) line += `\t${copyField(row[index])}`;
  return line;
}

function* copyText(rows: Iterable<readonly CopyValue[]>): Generator<string> {
  let chunk = '';
  for (const row of rows) {
    chunk += `${copyLine(row)}\n`;
    if (chunk.length >= 64 * 1024) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk.length > 0) yield chunk;
}

/**
 * Writes rows with `COPY table (columns) FROM STDIN` on the connection of the caller's transaction:
 * one round trip and no parameter arrays, however many rows (Postgres's fastest bulk path). Rows
 * that may conflict with existing ones need an INSERT ... ON CONFLICT instead.
 */
export async function copyRows(manager: EntityManager, table: string, columns: readonly string[], rows: Iterable<readonly CopyValue[]>): Promise<void> {
  const runner = manager.queryRunner;
  if (!runner?.isTransactionActive) throw new Error('copyRows needs the EntityManager of an open transaction');
  const client = (await runner.connect()) as PoolClient;
  await pipeline(Readable.from(copyText(rows)), client.query(copyFrom(`COPY ${table} (${columns.join(', ')}) FROM STDIN`)));
}
