import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { copyRows } from '@zagel/database';
import { ListMessagesRequest, MessageStatus, MessageStatusEntry, MessageView, TemplateVariable, TwilioMessageFields } from '@zagel/contracts';
import { MessageRateMeter } from '../analytics/message-rate-meter';
import { isoOrUndefined, withoutEmpty } from '../shared/iso';
import { MessageDraft } from './message-draft';
import { MessageProgress, StatusStep } from './message-status-changes';
import { STATUS_RANK } from './message-status-rank';

export interface MessageRow {
  id: string;
  organization_id: string;
  to_number: string;
  country: string;
  body: string;
  type: MessageView['type'];
  format: MessageView['format'];
  udh: string | null;
  sender: string | null;
  route_preference: MessageView['routePreference'];
  status: MessageStatus;
  status_rank: number;
  encoding: string;
  segments: number;
  price: string;
  currency: string;
  route: string | null;
  device_id: string | null;
  provider: string | null;
  provider_account_id: string | null;
  provider_message_id: string | null;
  error_code: string | null;
  template_id: string | null;
  template_version: number | null;
  /** Kept only while a message whose template has codes at providers waits for its time (the scheduler sends them). */
  template_variables: TemplateVariable[] | null;
  campaign_id: string | null;
  batch_id: string | null;
  client_reference: string | null;
  callback_url: string | null;
  metadata: Record<string, unknown> | null;
  priority: MessageView['priority'] | null;
  schedule_at: Date | null;
  expires_at: Date | null;
  created_at: Date;
  updated_at: Date;
  sent_at: Date | null;
  delivered_at: Date | null;
}

/** What a status change reads of a locked message: its progress and what its callback names. */
export type LockedMessage = MessageProgress &
  Pick<MessageRow, 'id' | 'organization_id' | 'to_number' | 'client_reference' | 'callback_url'> & {
    /** `metadata.twilio` of a message sent through the Twilio-compatible API with a StatusCallback: its callbacks take Twilio's form. */
    twilio: TwilioMessageFields | null;
    /** Only for messages submitted over SMPP that asked for a receipt; NULL otherwise. */
    smpp_key_id: string | null;
    smpp_text: string | null;
    created_at: Date;
  };

/** One step of a message's history. */
export type HistoryEntry = StatusStep;

interface HistoryRow {
  status: MessageStatus;
  at: Date;
  route: string | null;
  device_id: string | null;
  provider: string | null;
  provider_account_id: string | null;
  provider_message_id: string | null;
  error_code: string | null;
}

export function toMessageView(row: MessageRow, history?: HistoryRow[]): MessageView {
  return withoutEmpty({
    id: row.id,
    to: row.to_number,
    country: row.country,
    body: row.body,
    type: row.type,
    format: row.format,
    udh: row.udh,
    from: row.sender,
    status: row.status,
    routePreference: row.route_preference,
    route: row.route,
    deviceId: row.device_id,
    provider: row.provider,
    providerMessageId: row.provider_message_id,
    errorCode: row.error_code,
    encoding: row.encoding,
    segments: row.segments,
    price: Number(row.price),
    currency: row.currency,
    templateId: row.template_id,
    templateVersion: row.template_version,
    campaignId: row.campaign_id,
    batchId: row.batch_id,
    clientReference: row.client_reference,
    callbackUrl: row.callback_url,
    metadata: row.metadata,
    priority: row.priority,
    scheduleAt: isoOrUndefined(row.schedule_at),
    expiresAt: isoOrUndefined(row.expires_at),
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    sentAt: isoOrUndefined(row.sent_at),
    deliveredAt: isoOrUndefined(row.delivered_at),
    history: history?.map(
      (entry): MessageStatusEntry =>
        withoutEmpty({
          status: entry.status,
          at: entry.at.toISOString(),
          route: entry.route,
          deviceId: entry.device_id,
          provider: entry.provider,
          providerMessageId: entry.provider_message_id,
          errorCode: entry.error_code,
        }),
    ),
  });
}

const MESSAGE_COLUMNS = [
  'id', 'organization_id', 'to_number', 'country', 'body', 'type', 'route_preference', 'status', 'status_rank', 'encoding',
  'segments', 'price', 'currency', 'template_id', 'template_version', 'campaign_id', 'batch_id', 'client_reference',
  'callback_url', 'metadata', 'priority', 'schedule_at', 'expires_at', 'due_at', 'created_at', 'updated_at', 'smpp_key_id', 'smpp_receipt', 'format', 'udh', 'sender', 'template_variables',
];

/** Message rows and their status history; every read names the organization. */
/**
 * Each step once (same message, status and time), in key order, so two transactions recording the same
 * steps wait for each other instead of deadlocking.
 */
function distinctSteps(entries: HistoryEntry[]): HistoryEntry[] {
  const byKey = new Map(entries.map((entry) => [`${entry.messageId}|${entry.status}|${entry.at.getTime()}`, entry]));
  return [...byKey.values()].sort(
    (a, b) => a.messageId.localeCompare(b.messageId) || a.status.localeCompare(b.status) || a.at.getTime() - b.at.getTime(),
  );
}

/** The history columns of these steps, as the arrays `unnest($1..$9)` inserts. */
function historyColumns(steps: HistoryEntry[]): unknown[][] {
  return [
    steps.map((e) => e.messageId),
    steps.map((e) => e.organizationId),
    steps.map((e) => e.status),
    steps.map((e) => e.at),
    steps.map((e) => e.route ?? null),
    steps.map((e) => e.deviceId ?? null),
    steps.map((e) => e.provider ?? null),
    steps.map((e) => e.providerMessageId ?? null),
    steps.map((e) => e.errorCode ?? null),
    steps.map((e) => e.providerAccountId ?? null),
  ];
}

@Injectable()
export class MessagesRepository {
  constructor(
    private readonly dataSource: DataSource,
    private readonly rate: MessageRateMeter,
  ) {}

  /** Writes new messages and their first history entry with COPY: two round trips, whatever their number. */
  async insertMany(manager: EntityManager, drafts: MessageDraft[], at: Date): Promise<void> {
    if (drafts.length === 0) return;
    await copyRows(
      manager,
      'messages',
      MESSAGE_COLUMNS,
      drafts.map((d) => [
        d.id, d.organizationId, d.to, d.country, d.body, d.type, d.routePreference, d.status, STATUS_RANK[d.status], d.encoding,
        d.segments, d.price, d.currency, d.templateId, d.templateVersion, d.campaignId, d.batchId, d.clientReference,
        d.callbackUrl, d.metadata, d.priority, d.scheduleAt, d.expiresAt, d.status === 'scheduled' ? d.scheduleAt : null, at, at,
        d.smppKeyId, d.smppReceipt ?? false, d.format, d.udh, d.from, d.status === 'scheduled' ? d.providerTemplate?.variables : null,
      ]),
    );
    // New ids: nothing to conflict with, so no ON CONFLICT is needed.
    await copyRows(
      manager,
      'message_status_history',
      ['message_id', 'organization_id', 'status', 'at'],
      drafts.map((d) => [d.id, d.organizationId, d.status, at]),
    );
    this.rate.count(drafts.length);
  }

  /**
   * Appends history entries; an entry seen before (same message, status and time) is ignored.
   * Returns the entries added (each once).
   */
  async recordHistory(manager: EntityManager, entries: HistoryEntry[]): Promise<HistoryEntry[]> {
    if (entries.length === 0) return [];
    const key = (messageId: string, status: string, at: Date) => `${messageId}|${status}|${at.getTime()}`;
    const distinct = distinctSteps(entries);
    const rows = (await manager.query(
      `INSERT INTO message_status_history (message_id, organization_id, status, at, route, device_id, provider, provider_message_id, error_code,
         provider_account_id)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::timestamptz[], $5::text[], $6::uuid[], $7::text[], $8::text[], $9::text[],
         $10::uuid[])
       ON CONFLICT ON CONSTRAINT message_status_history_once DO NOTHING RETURNING message_id, status, at`,
      historyColumns(distinct),
    )) as { message_id: string; status: string; at: Date }[];
    const added = new Set(rows.map((row) => key(row.message_id, row.status, row.at)));
    return distinct.filter((entry) => added.has(key(entry.messageId, entry.status, entry.at)));
  }

  /**
   * Appends status steps and locks, with one statement, the stored messages they name (each with its
   * organization) and those of `alsoLock`, in id order so that batches never deadlock. The steps
   * added are grouped per message once (one hash aggregate), not looked up per locked row: a
   * correlated lookup scans every added step for each message, quadratic in the batch. The messages
   * are named by `= ANY(ids)` as well as joined: without table statistics a bare join may be planned
   * as a hash of the whole table. A step seen
   * before (same message, status and time) is ignored. Returns the locked rows and, of the steps, the
   * new ones that name a locked message (each once): a step for a message not stored yet stays in
   * the history only (adoption replays it).
   */
  async recordHistoryAndLock(
    manager: EntityManager,
    entries: HistoryEntry[],
    alsoLock: { messageId: string; organizationId: string }[] = [],
  ): Promise<{ locked: LockedMessage[]; added: HistoryEntry[] }> {
    const key = (messageId: string, status: string, at: number) => `${messageId}|${status}|${at}`;
    const distinct = distinctSteps(entries);
    const rows = (await manager.query(
      `WITH added AS (
         INSERT INTO message_status_history (message_id, organization_id, status, at, route, device_id, provider, provider_message_id, error_code,
           provider_account_id)
         SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::timestamptz[], $5::text[], $6::uuid[], $7::text[], $8::text[], $9::text[],
           $10::uuid[])
         ON CONFLICT ON CONSTRAINT message_status_history_once DO NOTHING RETURNING message_id, organization_id, status, at
       ), named AS (
         SELECT id, organization_id, array_agg(step) FILTER (WHERE step IS NOT NULL) AS added_steps FROM (
           SELECT message_id AS id, organization_id, status || '|' || (extract(epoch FROM at) * 1000)::bigint AS step FROM added
           UNION ALL SELECT *, NULL FROM unnest($11::uuid[], $12::uuid[])
         ) steps GROUP BY id, organization_id
       )
       SELECT m.id, m.organization_id, m.to_number, m.client_reference, m.callback_url,
           CASE WHEN m.callback_url IS NOT NULL THEN m.metadata->'twilio' END AS twilio, m.status, m.route, m.device_id,
           m.provider, m.provider_account_id, m.provider_message_id, m.error_code, m.sent_at, m.delivered_at,
           CASE WHEN m.smpp_receipt THEN m.smpp_key_id END AS smpp_key_id,
           CASE WHEN m.smpp_receipt THEN left(m.body, 20) END AS smpp_text, m.created_at, coalesce(n.added_steps, '{}') AS added_steps
       FROM messages m JOIN named n ON m.id = n.id AND m.organization_id = n.organization_id
       WHERE m.id = ANY (ARRAY(SELECT id FROM named))
       ORDER BY m.id FOR UPDATE OF m`,
      [
        ...historyColumns(distinct),
        alsoLock.map((k) => k.messageId),
        alsoLock.map((k) => k.organizationId),
      ],
    )) as (LockedMessage & { added_steps: string[] })[];
    const added = new Set(rows.flatMap(({ id, added_steps }) => added_steps.map((step) => `${id}|${step}`)));
    return {
      locked: rows.map(({ added_steps: _, ...row }) => row),
      added: distinct.filter((entry) => added.has(key(entry.messageId, entry.status, entry.at.getTime()))),
    };
  }

  async lock(manager: EntityManager, organizationId: string, messageId: string): Promise<MessageRow | null> {
    const rows = (await manager.query(`SELECT * FROM messages WHERE id = $1 AND organization_id = $2 FOR UPDATE`, [
      messageId,
      organizationId,
    ])) as MessageRow[];
    return rows[0] ?? null;
  }

  /**
   * Empties a message's text, and its campaign recipient's (the message is locked by the caller). The
   * recipient is found among its campaign's rows (no index by message: it would cost every campaign send).
   */
  async redact(manager: EntityManager, organizationId: string, messageId: string): Promise<void> {
    await manager.query(
      `WITH message AS (
         UPDATE messages SET body = '', updated_at = now() WHERE id = $1 AND organization_id = $2 RETURNING campaign_id
       )
       UPDATE campaign_recipients r SET body = '' FROM message m WHERE r.campaign_id = m.campaign_id AND r.message_id = $1`,
      [messageId, organizationId],
    );
  }

  /** Writes the progress of locked messages with one statement (see foldStatusSteps); `= ANY(ids)` keeps it to their rows whatever the plan. */
  async saveProgress(manager: EntityManager, changes: { id: string; progress: MessageProgress }[]): Promise<void> {
    if (changes.length === 0) return;
    const column = <T>(pick: (progress: MessageProgress) => T) => changes.map((change) => pick(change.progress));
    await manager.query(
      `UPDATE messages m SET status = u.status, status_rank = u.status_rank, route = u.route, device_id = u.device_id,
         provider = u.provider, provider_message_id = u.provider_message_id, error_code = u.error_code, sent_at = u.sent_at,
         delivered_at = u.delivered_at, provider_account_id = u.provider_account_id, updated_at = now()
       FROM unnest($1::uuid[], $2::text[], $3::smallint[], $4::text[], $5::uuid[], $6::text[], $7::text[], $8::text[],
         $9::timestamptz[], $10::timestamptz[], $11::uuid[])
         AS u (id, status, status_rank, route, device_id, provider, provider_message_id, error_code, sent_at, delivered_at, provider_account_id)
       WHERE m.id = u.id AND m.id = ANY($1::uuid[])`,
      [
        changes.map((change) => change.id),
        column((p) => p.status),
        column((p) => STATUS_RANK[p.status]),
        column((p) => p.route),
        column((p) => p.device_id),
        column((p) => p.provider),
        column((p) => p.provider_message_id),
        column((p) => p.error_code),
        column((p) => p.sent_at),
        column((p) => p.delivered_at),
        column((p) => p.provider_account_id),
      ],
    );
  }

  async find(organizationId: string, messageId: string): Promise<MessageRow | null> {
    const rows = (await this.dataSource.query(`SELECT * FROM messages WHERE id = $1 AND organization_id = $2`, [
      messageId,
      organizationId,
    ])) as MessageRow[];
    return rows[0] ?? null;
  }

  /** Only entries that named the message's own organization: an event naming another one is not its history. */
  history(organizationId: string, messageId: string, manager: EntityManager = this.dataSource.manager): Promise<HistoryRow[]> {
    return manager.query(
      `SELECT status, at, route, device_id, provider, provider_account_id, provider_message_id, error_code
       FROM message_status_history WHERE message_id = $1 AND organization_id = $2 ORDER BY at, id`,
      [messageId, organizationId],
    );
  }

  list(request: ListMessagesRequest & { to?: string }, limit: number, cursor?: string): Promise<MessageRow[]> {
    return this.dataSource.query(
      `SELECT * FROM messages
       WHERE organization_id = $1
         AND ($2::text IS NULL OR status = $2) AND ($3::text IS NULL OR to_number = $3) AND ($4::text IS NULL OR type = $4)
         AND ($5::uuid IS NULL OR campaign_id = $5) AND ($6::timestamptz IS NULL OR created_at >= $6)
         AND ($7::timestamptz IS NULL OR created_at < $7) AND ($8::text IS NULL OR client_reference = $8)
         AND ($9::uuid IS NULL OR id < $9) AND ($11::text IS NULL OR metadata->'twilio'->>'from' = $11)
       ORDER BY id DESC LIMIT $10`,
      [
        request.organizationId,
        request.status ?? null,
        request.to ?? null,
        request.type ?? null,
        request.campaignId ?? null,
        request.from ?? null,
        request.until ?? null,
        request.clientReference ?? null,
        cursor ?? null,
        limit,
        request.twilioFrom ?? null,
      ],
    );
  }

  /** Due scheduled messages, locked for this transaction; other instances skip them. */
  claimDue(manager: EntityManager, limit: number): Promise<MessageRow[]> {
    return manager.query(
      `SELECT * FROM messages WHERE due_at <= now() AND status = 'scheduled'
       ORDER BY due_at LIMIT $1 FOR UPDATE SKIP LOCKED`,
      [limit],
    );
  }

  async setStatus(manager: EntityManager, ids: string[], status: MessageStatus, at: Date, errorCode?: string): Promise<void> {
    if (ids.length === 0) return;
    // Leaving `scheduled` clears due_at (the due index's only column), so no other status change touches an index,
    // and the template variables kept for the release.
    await manager.query(
      `UPDATE messages SET status = $2, status_rank = $3, due_at = NULL, template_variables = NULL, updated_at = $4, error_code = coalesce($5, error_code)
       WHERE id = ANY($1::uuid[])`,
      [ids, status, STATUS_RANK[status], at, errorCode ?? null],
    );
  }

  /**
   * Creates the rows of messages other services requested (OTP sends) and their `queued` step, with
   * one statement, and answers which it created (a message ingestion already has is left as it is)
   * with the steps their histories already held: steps that arrived before the request, to replay.
   * In id order, so two transactions adopting the same messages wait for each other instead of
   * deadlocking.
   */
  async adoptMany(manager: EntityManager, adoptions: { draft: MessageDraft; at: Date }[]): Promise<{ adopted: Set<string>; earlier: StatusStep[] }> {
    if (adoptions.length === 0) return { adopted: new Set(), earlier: [] };
    const drafts = [...new Map(adoptions.map((adoption) => [adoption.draft.id, adoption])).values()];
    const column = <T>(pick: (draft: MessageDraft) => T) => drafts.map(({ draft }) => pick(draft));
    // The final SELECT sees the history as it was before this statement: the `queued` steps it adds are not replayed.
    const rows = (await manager.query(
      `WITH adopted AS (
         INSERT INTO messages (id, organization_id, to_number, country, body, type, route_preference, status, status_rank,
           encoding, segments, price, currency, priority, expires_at, created_at, updated_at)
         SELECT a.id, a.organization_id, a.to_number, a.country, a.body, a.type, a.route_preference, 'queued', 0,
           a.encoding, a.segments, 0, a.currency, a.priority, a.expires_at, a.at, a.at
         FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::int[],
           $10::text[], $11::text[], $12::timestamptz[], $13::timestamptz[])
           AS a (id, organization_id, to_number, country, body, type, route_preference, encoding, segments, currency, priority, expires_at, at)
         ORDER BY a.id
         ON CONFLICT (id) DO NOTHING RETURNING id, organization_id, created_at
       ), queued AS (
         INSERT INTO message_status_history (message_id, organization_id, status, at)
         SELECT id, organization_id, 'queued', created_at FROM adopted ORDER BY id
         ON CONFLICT ON CONSTRAINT message_status_history_once DO NOTHING
       )
       SELECT a.id AS adopted_id, a.organization_id, h.status, h.at, h.route, h.device_id, h.provider, h.provider_account_id, h.provider_message_id, h.error_code
       FROM adopted a LEFT JOIN message_status_history h
         ON h.message_id = a.id AND h.organization_id = a.organization_id AND h.status <> 'queued' AND h.message_id = ANY($1::uuid[])`,
      [
        column((d) => d.id),
        column((d) => d.organizationId),
        column((d) => d.to),
        column((d) => d.country),
        column((d) => d.body),
        column((d) => d.type),
        column((d) => d.routePreference),
        column((d) => d.encoding),
        column((d) => d.segments),
        column((d) => d.currency),
        column((d) => d.priority ?? null),
        column((d) => d.expiresAt ?? null),
        drafts.map(({ at }) => at),
      ],
    )) as (Partial<HistoryRow> & { adopted_id: string; organization_id: string })[];
    const adopted = new Set(rows.map((row) => row.adopted_id));
    this.rate.count(adopted.size);
    return {
      adopted,
      earlier: rows.flatMap((row) =>
        row.status && row.at
          ? [{
              messageId: row.adopted_id,
              organizationId: row.organization_id,
              status: row.status,
              at: row.at,
              route: row.route ?? undefined,
              deviceId: row.device_id ?? undefined,
              provider: row.provider ?? undefined,
              providerAccountId: row.provider_account_id ?? undefined,
              providerMessageId: row.provider_message_id ?? undefined,
              errorCode: row.error_code ?? undefined,
            }]
          : [],
      ),
    };
  }

  /** Records verified codes for the OTP conversion rate, with one statement; a code counts once. */
  async recordOtpConversions(manager: EntityManager, conversions: { messageId: string; organizationId: string; verifiedAt: Date }[]): Promise<void> {
    if (conversions.length === 0) return;
    await manager.query(
      `INSERT INTO otp_conversions (message_id, organization_id, verified_at)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::timestamptz[]) ORDER BY 1
       ON CONFLICT DO NOTHING`,
      [conversions.map((c) => c.messageId), conversions.map((c) => c.organizationId), conversions.map((c) => c.verifiedAt)],
    );
  }
}
