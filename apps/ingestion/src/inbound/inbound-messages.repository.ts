import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { InboundChannel, InboundKind, InboundMessageView, ListInboundMessagesRequest } from '@zagel/contracts';
import { ConversationKey } from './inbound-attribution';
import { DEFAULT_KEYWORDS, InboundKeywords } from './inbound-keywords';

export interface InboundRow {
  id: string;
  dedupe_key: string;
  organization_id: string | null;
  channel: InboundChannel;
  device_id: string | null;
  provider_kind: string | null;
  provider_account_id: string | null;
  from_number: string;
  to_number: string | null;
  body: string;
  kind: InboundKind;
  keyword: string | null;
  in_reply_to_message_id: string | null;
  help_reply_message_id: string | null;
  received_at: Date;
  created_at: Date;
}

export type NewInboundRow = Omit<InboundRow, 'created_at'>;

export interface InboundSettings {
  keywords: InboundKeywords;
  helpText: string | null;
}

const COLUMNS: (keyof NewInboundRow)[] = [
  'id', 'dedupe_key', 'organization_id', 'channel', 'device_id', 'provider_kind', 'provider_account_id', 'from_number', 'to_number',
  'body', 'kind', 'keyword', 'in_reply_to_message_id', 'help_reply_message_id', 'received_at',
];

export function toInboundView(row: InboundRow): InboundMessageView {
  const view: InboundMessageView = {
    id: row.id,
    channel: row.channel,
    from: row.from_number,
    body: row.body,
    kind: row.kind,
    receivedAt: row.received_at.toISOString(),
    createdAt: row.created_at.toISOString(),
  };
  if (row.organization_id) view.organizationId = row.organization_id;
  if (row.to_number) view.to = row.to_number;
  if (row.keyword) view.keyword = row.keyword;
  if (row.in_reply_to_message_id) view.inReplyToMessageId = row.in_reply_to_message_id;
  if (row.device_id) view.deviceId = row.device_id;
  if (row.provider_kind) view.providerKind = row.provider_kind;
  if (row.provider_account_id) view.providerAccountId = row.provider_account_id;
  return view;
}

/** Inbound SMS, the conversations they answer, and each organization's keywords. */
@Injectable()
export class InboundMessagesRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Stores the message once per dedupe key: null when it is stored already (a repeat, or a redelivery). */
  async insert(manager: EntityManager, row: NewInboundRow): Promise<InboundRow | null> {
    const rows = (await manager.query(
      `INSERT INTO inbound_messages (${COLUMNS.join(', ')})
       VALUES (${COLUMNS.map((_, index) => `$${index + 1}`).join(', ')})
       ON CONFLICT (dedupe_key) DO NOTHING RETURNING *`,
      COLUMNS.map((column) => row[column]),
    )) as InboundRow[];
    return rows[0] ?? null;
  }

  async findByDedupeKey(manager: EntityManager, dedupeKey: string): Promise<InboundRow | null> {
    const rows = (await manager.query(`SELECT * FROM inbound_messages WHERE dedupe_key = $1`, [dedupeKey])) as InboundRow[];
    return rows[0] ?? null;
  }

  /**
   * The last message any organization sent to this number through this phone or provider account
   * since `since`: the conversation a reply belongs to (messages_to_number, newest first).
   */
  /** `smpp_key_id`: the API key that submitted that message over SMPP, whose receivers get the reply. */
  async lastConversation(manager: EntityManager, key: ConversationKey): Promise<{ id: string; organization_id: string; smpp_key_id: string | null } | null> {
    const byDevice = 'deviceId' in key.route;
    const rows = (await manager.query(
      `SELECT id, organization_id, smpp_key_id FROM messages
       WHERE to_number = $1 AND created_at >= $2 AND ${byDevice ? 'device_id' : 'provider_account_id'} = $3
       ORDER BY id DESC LIMIT 1`,
      [key.number, key.since, 'deviceId' in key.route ? key.route.deviceId : key.route.providerAccountId],
    )) as { id: string; organization_id: string; smpp_key_id: string | null }[];
    return rows[0] ?? null;
  }

  /** Newest first. With an organization, its messages only; without one (operators), all or the unattributed. */
  list(request: ListInboundMessagesRequest & { from?: string }, limit: number, cursor?: string): Promise<InboundRow[]> {
    const unattributed = request.organizationId === undefined && request.unattributed === 'true';
    return this.dataSource.query(
      `SELECT * FROM inbound_messages
       WHERE ($1::uuid IS NULL OR organization_id = $1) AND (NOT $2::boolean OR organization_id IS NULL)
         AND ($3::text IS NULL OR from_number = $3) AND ($4::timestamptz IS NULL OR received_at >= $4)
         AND ($5::timestamptz IS NULL OR received_at < $5) AND ($6::text IS NULL OR kind = $6)
         AND ($7::text IS NULL OR channel = $7) AND ($8::uuid IS NULL OR id < $8)
       ORDER BY id DESC LIMIT $9`,
      [
        request.organizationId ?? null,
        unattributed,
        request.from ?? null,
        request.since ?? null,
        request.until ?? null,
        request.kind ?? null,
        request.channel ?? null,
        cursor ?? null,
        limit,
      ],
    );
  }

  async settings(organizationId: string, manager: EntityManager = this.dataSource.manager): Promise<InboundSettings> {
    const rows = (await manager.query(
      `SELECT opt_out_keywords, opt_in_keywords, help_keywords, help_text FROM inbound_settings WHERE organization_id = $1`,
      [organizationId],
    )) as { opt_out_keywords: string[]; opt_in_keywords: string[]; help_keywords: string[]; help_text: string | null }[];
    const row = rows[0];
    if (!row) return { keywords: DEFAULT_KEYWORDS, helpText: null };
    return { keywords: { optOut: row.opt_out_keywords, optIn: row.opt_in_keywords, help: row.help_keywords }, helpText: row.help_text };
  }

  async saveSettings(organizationId: string, settings: InboundSettings): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO inbound_settings (organization_id, opt_out_keywords, opt_in_keywords, help_keywords, help_text)
       VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (organization_id) DO UPDATE SET opt_out_keywords = EXCLUDED.opt_out_keywords, opt_in_keywords = EXCLUDED.opt_in_keywords,
         help_keywords = EXCLUDED.help_keywords, help_text = EXCLUDED.help_text, updated_at = now()`,
      [organizationId, settings.keywords.optOut, settings.keywords.optIn, settings.keywords.help, settings.helpText],
    );
  }
}
