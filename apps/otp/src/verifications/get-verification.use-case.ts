import { Injectable } from '@nestjs/common';
import { VerificationRequest, VerificationView } from '@zagel/contracts';
import { VerificationLookup } from './verification-lookup';
import { toVerificationView } from './verification-rows';
import { VerificationsRepository } from './verifications.repository';

/** A verification with its attempts and every send (route taken, phone or provider). */
@Injectable()
export class GetVerificationUseCase {
  constructor(
    private readonly verifications: VerificationsRepository,
    private readonly lookup: VerificationLookup,
  ) {}

  async execute(request: VerificationRequest): Promise<VerificationView> {
    const row = await this.lookup.byId(request.organizationId, request.verificationId);
    return toVerificationView(row, await this.verifications.sends(row.id));
  }
}
