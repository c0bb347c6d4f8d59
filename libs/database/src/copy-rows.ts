import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { EntityManager } from 'typeorm';

/** A field as COPY takes it: null/undefined is NULL, a Date its ISO time, an object its JSON. */
export type CopyValue = string | number | bigint | boolean | Date | object | null | undefined;

const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/** One field in COPY's text format. */
export function copyField(value: CopyValue): string {
  if (value === null || value === undefined) return '\\N';
  const text = value instanceof Date ? value.toISOString() : typeof value === 'object' ? JSON.stringify(value) : String(value);
  return text.replace(/[\\\t\n\r]/g, (character) => ESCAPES[character]);
}

function* copyText(rows: Iterable<readonly CopyValue[]>): Generator<string> {
  let chunk = '';
  for (const row of rows) {
    chunk += `${row.map(copyField).join('\t')}\n`;
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
