import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import {
  AddOptOutRequest,
  IngestionErrorCode,
  ListOptOutsRequest,
  OptOutPage,
  OptOutSource,
  OptOutView,
  RemoveOptOutRequest,
  RemovedOptOut,
} from '@zagel/contracts';
import { normalizePhoneNumber } from '@zagel/phone';
import { DEFAULT_PAGE_SIZE } from '../shared/cursor';
import { IngestionError } from '../shared/ingestion-error';

interface OptOutRow {
  phone_number: string;
  reason: string | null;
  source: OptOutSource;
  created_at: Date;
}

const toView = (row: OptOutRow): OptOutView => ({
  phoneNumber: row.phone_number,
  ...(row.reason ? { reason: row.reason } : {}),
  source: row.source,
  createdAt: row.created_at.toISOString(),
});

function e164(input: string, defaultCountry?: string): string {
  const normalized = normalizePhoneNumber(input, defaultCountry);
  if (!normalized.ok) {
    throw new IngestionError(IngestionErrorCode.InvalidPhoneNumber, normalized.detail, { problem: normalized.problem });
  }
  return normalized.e164;
}

/** Numbers an organization must not send promotional messages to. */
@Injectable()
export class OptOutsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Which of these E.164 numbers opted out of the organization's messages. */
  async optedOut(organizationId: string, numbers: string[]): Promise<Set<string>> {
    if (numbers.length === 0) return new Set();
    const rows = (await this.dataSource.query(
      `SELECT phone_number FROM opt_outs WHERE organization_id = $1 AND phone_number = ANY($2::text[])`,
      [organizationId, [...new Set(numbers)]],
    )) as { phone_number: string }[];
    return new Set(rows.map((row) => row.phone_number));
  }

  /** Which of these (organization, E.164 number) pairs are opted out, as `organizationId|number`; one statement. */
  async optedOutPairs(manager: EntityManager, pairs: { organizationId: string; phoneNumber: string }[]): Promise<Set<string>> {
    if (pairs.length === 0) return new Set();
    const rows = (await manager.query(
      `SELECT o.organization_id, o.phone_number FROM opt_outs o
       JOIN unnest($1::uuid[], $2::text[]) AS p (organization_id, phone_number)
         ON o.organization_id = p.organization_id AND o.phone_number = p.phone_number`,
      [pairs.map((pair) => pair.organizationId), pairs.map((pair) => pair.phoneNumber)],
    )) as { organization_id: string; phone_number: string }[];
    return new Set(rows.map((row) => `${row.organization_id}|${row.phone_number}`));
  }

  async add(request: AddOptOutRequest): Promise<OptOutView> {
    const rows = (await this.dataSource.query(
      `INSERT INTO opt_outs (organization_id, phone_number, reason) VALUES ($1, $2, $3)
       ON CONFLICT (organization_id, phone_number) DO UPDATE SET reason = coalesce(EXCLUDED.reason, opt_outs.reason)
       RETURNING phone_number, reason, source, created_at`,
      [request.organizationId, e164(request.phoneNumber, request.defaultCountry), request.reason ?? null],
    )) as OptOutRow[];
    return toView(rows[0]);
  }

  /** The number replied an opt-out keyword: added (source `inbound_keyword`) unless it is on the list already. */
  async optOutByKeyword(manager: EntityManager, organizationId: string, phoneNumber: string, keyword: string): Promise<void> {
    await manager.query(
      `INSERT INTO opt_outs (organization_id, phone_number, reason, source) VALUES ($1, $2, $3, 'inbound_keyword')
       ON CONFLICT (organization_id, phone_number) DO NOTHING`,
      [organizationId, phoneNumber, `replied ${keyword}`],
    );
  }

  /** The number replied an opt-in keyword: its own consent again, whoever put it on the list. */
  async optInByKeyword(manager: EntityManager, organizationId: string, phoneNumber: string): Promise<void> {
    await manager.query(`DELETE FROM opt_outs WHERE organization_id = $1 AND phone_number = $2`, [organizationId, phoneNumber]);
  }

  async remove(request: RemoveOptOutRequest): Promise<RemovedOptOut> {
    const phoneNumber = e164(request.phoneNumber);
    const [, affected] = (await this.dataSource.query(`DELETE FROM opt_outs WHERE organization_id = $1 AND phone_number = $2`, [
      request.organizationId,
      phoneNumber,
    ])) as [unknown, number];
    if (affected === 0) throw new IngestionError(IngestionErrorCode.OptOutNotFound, 'the number is not on the opt-out list');
    return { phoneNumber };
  }

  /** Newest first; the cursor is the last number of the previous page with its time. */
  async list(request: ListOptOutsRequest): Promise<OptOutPage> {
    const limit = request.limit ?? DEFAULT_PAGE_SIZE;
    const [cursorTime, cursorNumber] = (request.cursor ?? '').split('|');
    const validCursor = cursorTime && cursorNumber && !Number.isNaN(Date.parse(cursorTime));
    const rows = (await this.dataSource.query(
      `SELECT phone_number, reason, source, created_at FROM opt_outs
       WHERE organization_id = $1 AND ($2::timestamptz IS NULL OR (created_at, phone_number) < ($2, $3))
       ORDER BY created_at DESC, phone_number DESC LIMIT $4`,
      [request.organizationId, validCursor ? cursorTime : null, validCursor ? cursorNumber : null, limit + 1],
    )) as OptOutRow[];
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: page.map(toView),
      ...(rows.length > limit ? { nextCursor: `${last.created_at.toISOString()}|${last.phone_number}` } : {}),
    };
  }
}
