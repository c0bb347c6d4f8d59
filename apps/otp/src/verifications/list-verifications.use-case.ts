import { Injectable } from '@nestjs/common';
import { ListVerificationsRequest, VerificationPage } from '@zagel/contracts';
import { smsDestination } from './destination';
import { toVerificationView, VerificationSendRow } from './verification-rows';
import { VerificationsRepository } from './verifications.repository';

const DEFAULT_PAGE_SIZE = 50;

/** The organization's verifications, filtered, newest first, a cursor page at a time (never a code). */
@Injectable()
export class ListVerificationsUseCase {
  constructor(private readonly verifications: VerificationsRepository) {}

  async execute(request: ListVerificationsRequest): Promise<VerificationPage> {
    const limit = request.limit ?? DEFAULT_PAGE_SIZE;
    const now = new Date();
    const rows = await this.verifications.list(
      {
        organizationId: request.organizationId,
        status: request.status,
        to: request.to === undefined ? undefined : smsDestination(request.to).e164,
        from: request.from,
        until: request.until,
        after: request.cursor,
      },
      limit + 1,
      now,
    );
    const page = rows.slice(0, limit);
    const sends = groupByVerification(await this.verifications.sendsOf(request.organizationId, page.map((row) => row.id)));
    return {
      items: page.map((row) => toVerificationView(row, sends.get(row.id) ?? [], now)),
      ...(rows.length > limit ? { nextCursor: page[page.length - 1].id } : {}),
    };
  }
}

function groupByVerification(sends: VerificationSendRow[]): Map<string, VerificationSendRow[]> {
  const grouped = new Map<string, VerificationSendRow[]>();
  for (const send of sends) grouped.set(send.verification_id, [...(grouped.get(send.verification_id) ?? []), send]);
  return grouped;
}
