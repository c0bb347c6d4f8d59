import { Injectable } from '@nestjs/common';
import { OtpErrorCode } from '@zagel/contracts';
import { OtpError } from '../shared/otp-error';
import { CodeStore } from './code-store';
import { effectiveStatus, VerificationRow } from './verification-rows';
import { VerificationTransitions } from './verification-transitions';
import { VerificationsRepository } from './verifications.repository';

/** Finds an organization's verification, recording its expiry first if its time is up. */
@Injectable()
export class VerificationLookup {
  constructor(
    private readonly verifications: VerificationsRepository,
    private readonly transitions: VerificationTransitions,
    private readonly codes: CodeStore,
  ) {}

  async byId(organizationId: string, id: string): Promise<VerificationRow> {
    const row = await this.verifications.find(organizationId, id);
    if (!row) throw notFound();
    return this.current(row);
  }

  async current(row: VerificationRow): Promise<VerificationRow> {
    if (row.status !== 'pending' || effectiveStatus(row) !== 'expired') return row;
    await this.codes.remove(row.id);
    const expired = await this.transitions.finish(row.id, 'expired');
    return expired ?? ((await this.verifications.find(row.organization_id, row.id)) as VerificationRow);
  }
}

export function notFound(): OtpError {
  return new OtpError(OtpErrorCode.VerificationNotFound, 'No such verification in this organization.');
}

export function notPending(row: VerificationRow): OtpError {
  return new OtpError(OtpErrorCode.VerificationNotPending, `The verification is ${row.status}; start a new one.`, { status: row.status });
}
