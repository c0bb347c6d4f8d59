import { Injectable } from '@nestjs/common';
import { VerificationRequest, VerificationView } from '@zagel/contracts';
import { CodeStore } from './code-store';
import { notPending, VerificationLookup } from './verification-lookup';
import { toVerificationView, VerificationRow } from './verification-rows';
import { VerificationTransitions } from './verification-transitions';
import { VerificationsRepository } from './verifications.repository';

/** Cancels a pending verification (its code stops working at once); canceling twice answers the same. */
@Injectable()
export class CancelVerificationUseCase {
  constructor(
    private readonly verifications: VerificationsRepository,
    private readonly lookup: VerificationLookup,
    private readonly transitions: VerificationTransitions,
    private readonly codes: CodeStore,
  ) {}

  async execute(request: VerificationRequest): Promise<VerificationView> {
    const row = await this.lookup.byId(request.organizationId, request.verificationId);
    const final = row.status === 'pending' ? await this.cancel(row) : row;
    if (final.status !== 'canceled') throw notPending(final);
    return toVerificationView(final, await this.verifications.sends(final.id));
  }

  private async cancel(row: VerificationRow): Promise<VerificationRow> {
    const canceled = await this.transitions.finish(row.id, 'canceled');
    if (canceled) {
      await this.codes.remove(row.id);
      return canceled;
    }
    return this.lookup.byId(row.organization_id, row.id);
  }
}
