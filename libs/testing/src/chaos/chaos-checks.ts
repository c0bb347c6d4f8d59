import * as amqplib from 'amqplib';
import { PublicApiClient } from '@zagel/sdk';
import { TestPlatform } from '../platform/test-platform';
import { CountingProvider } from './counting-provider';
import { OtpOutcome } from './otp-load';

/** Statuses after which a message needs nothing more from the platform to have left. */
const OUT_STATUSES = new Set(['sent', 'delivered', 'failed', 'undelivered', 'canceled', 'expired']);

export interface SendsCheck {
  recipients: number;
  /** Recipients the provider simulator received exactly once. */
  once: number;
  duplicates: number;
  missing: number;
  /** Submits the simulator received for ids that are no recipient of the campaign nor an OTP. */
  strangers: number;
  /** Recipients per status in ingestion's record. */
  statuses: Record<string, number>;
  /** Recipients still waiting (queued, routing...) at the end. */
  stuck: number;
  /** A few ids of each kind of trouble, to follow in the logs. */
  examples: { duplicates: string[]; missing: string[]; stuck: string[] };
}

export interface OtpCheck {
  started: number;
  approved: number;
  failed: number;
  refused: number;
  hung: number;
  /** The final status of each verification that did not end approved, counted. */
  notApproved: Record<string, number>;
  viaProvider: number;
  /** Verifications started once the chaos was over, and how many of them a pool phone delivered. */
  afterChaos: { started: number; viaPhone: number };
}

export interface PhonesCheck {
  /** The phones' leases by how they ended (`timed_out/gateway_lost`, `sent`, ...). */
  attempts: Record<string, number>;
  /** The OTP country's pools at the end: phones online, and able to take a message now. */
  online: number;
  available: number;
}

export interface LedgerCheck {
  transactions: number;
  unbalanced: number;
}

export interface OutboxCheck {
  /** Unpublished rows per service schema, and of them those older than a minute. */
  schemas: { schema: string; unpublished: number; olderThanMinute: number }[];
  olderThanMinute: number;
}

export interface DeadLetterCheck {
  queues: { queue: string; messages: number; samples: string[] }[];
  total: number;
}

/** Every recipient of the campaign against what the provider simulator received. */
export async function checkSends(platform: TestPlatform, campaignId: string, provider: CountingProvider, otpMessageIds: ReadonlySet<string>): Promise<SendsCheck> {
  const rows = await platform.db('ingestion').query<{ id: string; status: string }>(`SELECT id, status FROM messages WHERE campaign_id = $1`, [campaignId]);
  const statuses: Record<string, number> = {};
  const examples = { duplicates: [] as string[], missing: [] as string[], stuck: [] as string[] };
  let once = 0;
  let duplicates = 0;
  let missing = 0;
  let stuck = 0;
  const recipients = new Set<string>();
  for (const row of rows) {
    recipients.add(row.id);
    statuses[row.status] = (statuses[row.status] ?? 0) + 1;
    const sends = provider.sends.get(row.id) ?? 0;
    if (sends === 1) once += 1;
    else if (sends > 1) {
      duplicates += 1;
      if (examples.duplicates.length < 5) examples.duplicates.push(`${row.id}×${sends}`);
    } else {
      missing += 1;
      if (examples.missing.length < 5) examples.missing.push(`${row.id} (${row.status})`);
    }
    if (!OUT_STATUSES.has(row.status)) {
      stuck += 1;
      if (examples.stuck.length < 5) examples.stuck.push(`${row.id} (${row.status})`);
    }
  }
  if (examples.duplicates.length > 0) {
    // What provider-sender recorded for them: the tries that led to the second submit.
    const ids = examples.duplicates.map((example) => example.split('×')[0]);
    const tries = await platform
      .db('provider-sender')
      .query<{ message_id: string; tries: string }>(
        `SELECT message_id, string_agg(chain_position || '/' || try || ' ' || state || coalesce(' ' || error_code, '')
                  || ' ' || to_char(created_at AT TIME ZONE 'UTC', 'HH24:MI:SS.MS') || '–' || to_char(updated_at AT TIME ZONE 'UTC', 'HH24:MI:SS.MS'), ', ' ORDER BY created_at) AS tries
         FROM attempts WHERE message_id = ANY($1::uuid[]) GROUP BY message_id`,
        [ids],
      )
      .catch(() => []);
    const byId = new Map(tries.map((row) => [row.message_id, row.tries]));
    examples.duplicates = examples.duplicates.map((example) => {
      const id = example.split('×')[0];
      return `${example} [${byId.get(id) ?? 'no tries'}; provider: ${provider.diary(id).join(', ') || 'never asked'}]`;
    });
  }
  let strangers = 0;
  for (const id of provider.sends.keys()) if (!recipients.has(id) && !otpMessageIds.has(id)) strangers += 1;
  return { recipients: rows.length, once, duplicates, missing, strangers, statuses, stuck, examples };
}

export function checkOtps(outcomes: readonly OtpOutcome[], chaosOverAt: number): OtpCheck {
  const notApproved: Record<string, number> = {};
  for (const outcome of outcomes.filter((candidate) => candidate.result !== 'approved')) {
    const key = `${outcome.result}: ${outcome.status}`;
    notApproved[key] = (notApproved[key] ?? 0) + 1;
  }
  const count = (result: OtpOutcome['result']) => outcomes.filter((outcome) => outcome.result === result).length;
  return {
    started: outcomes.length,
    approved: count('approved'),
    failed: count('failed'),
    refused: count('refused'),
    hung: count('hung'),
    notApproved,
    viaProvider: outcomes.filter((outcome) => outcome.via === 'provider').length,
    afterChaos: {
      started: outcomes.filter((outcome) => outcome.startedAt >= chaosOverAt).length,
      viaPhone: outcomes.filter((outcome) => outcome.startedAt >= chaosOverAt && outcome.via === 'phone').length,
    },
  };
}

/** Billing's double-entry ledger: the entries of every transaction sum to zero. */
export async function checkLedger(platform: TestPlatform): Promise<LedgerCheck> {
  const billing = platform.db('billing');
  const [row] = await billing.query<{ transactions: number; unbalanced: number }>(
    `SELECT count(*)::int AS transactions, count(*) FILTER (WHERE total <> 0)::int AS unbalanced
     FROM (SELECT transaction_id, sum(amount) AS total FROM ledger_entries GROUP BY transaction_id) per_transaction`,
  );
  return row;
}

/** Each service's outbox: nothing left unpublished for more than a minute. */
export async function checkOutboxes(platform: TestPlatform): Promise<OutboxCheck> {
  const schemas: OutboxCheck['schemas'] = [];
  for (const service of platform.services) {
    const database = platform.db(service);
    const [exists] = await database.query<{ present: boolean }>(`SELECT to_regclass('outbox') IS NOT NULL AS present`);
    if (!exists.present) continue;
    const [row] = await database.query<{ unpublished: number; old: number }>(
      `SELECT count(*)::int AS unpublished, count(*) FILTER (WHERE created_at < now() - interval '1 minute')::int AS old FROM outbox WHERE published_at IS NULL`,
    );
    schemas.push({ schema: platform.namespace.namespace.schema(service), unpublished: row.unpublished, olderThanMinute: row.old });
  }
  return { schemas, olderThanMinute: schemas.reduce((sum, schema) => sum + schema.olderThanMinute, 0) };
}

/** Every dead-letter queue of the platform, with what the first few messages in it are and why they died. */
export async function checkDeadLetters(platform: TestPlatform): Promise<DeadLetterCheck> {
  const dead = (await platform.queues()).filter((queue) => queue.endsWith('.dead'));
  const connection = await amqplib.connect(platform.namespace.settings.RABBITMQ_URL);
  const queues: DeadLetterCheck['queues'] = [];
  try {
    for (const queue of dead) {
      const channel = await connection.createChannel();
      channel.on('error', () => undefined);
      try {
        const { messageCount } = await channel.checkQueue(queue);
        if (messageCount === 0) continue;
        const samples: string[] = [];
        const held: amqplib.GetMessage[] = [];
        for (let index = 0; index < Math.min(3, messageCount); index += 1) {
          const message = await channel.get(queue, { noAck: false });
          if (!message) break;
          held.push(message);
          samples.push(describeDead(message));
        }
        for (const message of held) channel.nack(message, false, true);
        queues.push({ queue, messages: messageCount, samples });
      } catch {
        // Gone (an instance queue that expired): nothing dead there.
      } finally {
        await channel.close().catch(() => undefined);
      }
    }
  } finally {
    await connection.close();
  }
  return { queues, total: queues.reduce((sum, queue) => sum + queue.messages, 0) };
}

function describeDead(message: amqplib.GetMessage): string {
  const headers = (message.properties.headers ?? {}) as Record<string, unknown>;
  const deaths = headers['x-death'] as { reason?: string; queue?: string }[] | undefined;
  const why = Object.entries(headers)
    .filter(([name]) => /error|reason|failure/i.test(name))
    .map(([name, value]) => `${name}=${String(value).slice(0, 200)}`);
  const type = message.properties.type ?? headers['x-type'] ?? message.fields.routingKey;
  const death = deaths?.[0] ? `${deaths[0].reason ?? '?'} from ${deaths[0].queue ?? '?'}` : 'no x-death';
  return `${String(type)}: ${death}${why.length > 0 ? `; ${why.join('; ')}` : ''}`;
}

/** How the pool phones' leases ended, and whether the phones are in their pools at the end. */
export async function checkPhones(platform: TestPlatform, operator: PublicApiClient, country: string): Promise<PhonesCheck> {
  const rows = await platform.db('pool-dispatcher').query<{ outcome: string; error_code: string | null; count: number }>(
    `SELECT outcome, error_code, count(*)::int AS count FROM delivery_attempts GROUP BY 1, 2 ORDER BY 3 DESC`,
  );
  const attempts = Object.fromEntries(rows.map((row) => [row.error_code && row.error_code !== row.outcome ? `${row.outcome}/${row.error_code}` : row.outcome, row.count]));
  const pools = (await operator.get(`/v1/admin/pools?country=${country}`)).expectStatus(200) as { items: { carrier: string | null; onlinePhones: number; availablePhones: number }[] };
  const countryPool = pools.items.find((pool) => pool.carrier === null);
  return { attempts, online: countryPool?.onlinePhones ?? 0, available: countryPool?.availablePhones ?? 0 };
}
