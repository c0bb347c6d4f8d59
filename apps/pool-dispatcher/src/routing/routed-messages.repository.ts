import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { MessageRequestedPayload } from '@zagel/contracts';

/** Where the dispatcher sent a message: the device pool, the providers, nowhere (failed), or too late. */
export type RoutingOutcome = 'device' | 'provider' | 'failed' | 'expired';

/** The dispatcher's decision per message: where it went and why. */
@Injectable()
export class RoutedMessagesRepository {
  /**
   * Records a final decision (providers, failed, expired) in the caller's transaction; false if the
   * message already had one, so a retried handler never announces it twice.
   */
  async decide(
    manager: EntityManager,
    request: MessageRequestedPayload,
    destination: { country: string; carrier: string | null } | null,
    outcome: Exclude<RoutingOutcome, 'device'>,
    errorCode?: string,
  ): Promise<boolean> {
    // An INSERT ... RETURNING comes back as the rows themselves (an UPDATE as [rows, count]).
    const rows = (await manager.query(
      `INSERT INTO routed_messages (message_id, organization_id, route, message_type, country, carrier, outcome, error_code, decided_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, now())
       ON CONFLICT (message_id) DO UPDATE SET outcome = EXCLUDED.outcome, error_code = EXCLUDED.error_code,
         decided_at = EXCLUDED.decided_at
       WHERE routed_messages.outcome = 'device'
       RETURNING message_id`,
      [
        request.messageId,
        request.organizationId,
        request.route,
        request.messageType,
        destination?.country ?? null,
        destination?.carrier ?? null,
        outcome,
        errorCode ?? null,
      ],
    )) as unknown[];
    return rows.length === 1;
  }
}
