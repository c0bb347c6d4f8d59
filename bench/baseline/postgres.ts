import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { v7 as uuidv7 } from 'uuid';
import { perSecond, timed } from '../common';

export interface PostgresOptions {
  url: string;
  rows: number;
}

export interface PostgresResult {
  schema: string;
  rows: number;
  seconds: number;
  rowsPerSec: number;
  megabytesPerSec: number;
}

const ROWS_PER_CHUNK = 1_000;
const BODY = 'Your Zagel verification code is 000000. It expires in 10 minutes. Never share it with anyone: '.padEnd(150, 'x');

/** Rows shaped like a customer's message: ids, an E.164 number, a 160-character body, status, timestamps. */
function* messageRows(count: number, tenantId: string, counter: { bytes: number }): Generator<string> {
  for (let start = 0; start < count; start += ROWS_PER_CHUNK) {
    const at = new Date().toISOString();
    let chunk = '';
    for (let i = start; i < Math.min(count, start + ROWS_PER_CHUNK); i++) {
      const number = String(i).padStart(8, '0');
      const body = `${BODY}${String(i).padStart(10, '0')}`;
      chunk += `${uuidv7()}\t${tenantId}\t+2010${number}\t${body}\tqueued\t${at}\t${at}\n`;
    }
    counter.bytes += Buffer.byteLength(chunk);
    yield chunk;
  }
}

/** COPY FROM STDIN into an indexed table in a schema of its own, dropped afterwards. */
export async function measurePostgresCopy(options: PostgresOptions): Promise<PostgresResult> {
  const schema = `bench_${randomBytes(4).toString('hex')}`;
  const client = new Client({ connectionString: options.url });
  await client.connect();
  try {
    await client.query(`CREATE SCHEMA ${schema}`);
    await client.query(`
      CREATE TABLE ${schema}.messages (
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL,
        recipient text NOT NULL,
        body text NOT NULL,
        status text NOT NULL,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
    const sent = { bytes: 0 };
    const copy = client.query(
      copyFrom(`COPY ${schema}.messages (id, tenant_id, recipient, body, status, created_at, updated_at) FROM STDIN`),
    );
    const { seconds } = await timed(() => pipeline(Readable.from(messageRows(options.rows, uuidv7(), sent)), copy));
    if (copy.rowCount !== options.rows) throw new Error(`COPY stored ${copy.rowCount} rows of ${options.rows}`);
    return {
      schema,
      rows: options.rows,
      seconds,
      rowsPerSec: perSecond(options.rows, seconds),
      megabytesPerSec: perSecond(sent.bytes / 1e6, seconds),
    };
  } finally {
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch(() => undefined);
    await client.end();
  }
}
