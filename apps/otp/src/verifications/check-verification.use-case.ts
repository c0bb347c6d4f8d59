import { Injectable } from '@nestjs/common';
import { CheckVerificationRequest, VerificationCheckResult } from '@zagel/contracts';
import { FraudGuard } from '../fraud-guard/fraud-guard';
import { CodeSecrets } from './code-secrets';
import { CodeStore } from './code-store';
import { smsDestination } from './destination';
import { canonicalCode } from './verification-code';
import { notFound, VerificationLookup } from './verification-lookup';
import { VerificationRow } from './verification-rows';
import { VerificationTransitions } from './verification-transitions';
import { VerificationsRepository } from './verifications.repository';

function result(row: VerificationRow, valid: boolean, attempts = row.attempts): VerificationCheckResult {
  return { id: row.id, status: row.status, valid, remainingAttempts: Math.max(0, row.max_attempts - attempts) };
}

/**
 * Checks a code: every check counts one attempt (atomically in Redis), the HMACs are compared in
 * constant time, and the conditional row update (`WHERE status = 'pending'`) lets one approval win.
 */
@Injectable()
export class CheckVerificationUseCase {
  constructor(
    private readonly verifications: VerificationsRepository,
    private readonly lookup: VerificationLookup,
    private readonly transitions: VerificationTransitions,
    private readonly codes: CodeStore,
    private readonly secrets: CodeSecrets,
    private readonly guard: FraudGuard,
  ) {}

  async execute(request: CheckVerificationRequest): Promise<VerificationCheckResult> {
    const row = await this.lookup.current(await this.find(request));
    if (row.status !== 'pending') return result(row, false);

    const outcome = await this.codes.countAttempt(row.id);
    if (outcome.kind === 'missing') return result(await this.reread(row), false);
    if (outcome.kind === 'locked') {
      return result((await this.transitions.finish(row.id, 'max_attempts_reached', outcome.attempts)) ?? (await this.reread(row)), false);
    }

    const valid = this.secrets.matches(outcome.hmac, row.id, canonicalCode(request.code, row.alphanumeric));
    if (valid) {
      // The row update decides: a racing approval waits on the row lock, then finds it no longer pending.
      const approved = await this.transitions.finish(row.id, 'approved', outcome.attempts);
      if (!approved) {
        const now = await this.reread(row);
        return result(now, now.status === 'approved', outcome.attempts);
      }
      await this.codes.remove(row.id);
      await this.guard.recordApproved(row.to_number, row.id, row.created_at);
      return result(approved, true);
    }

    if (outcome.attempts >= row.max_attempts) {
      await this.codes.remove(row.id);
      const locked = await this.transitions.finish(row.id, 'max_attempts_reached', outcome.attempts);
      return result(locked ?? (await this.reread(row)), false, outcome.attempts);
    }
    await this.verifications.recordAttempts(row.id, outcome.attempts);
    return result({ ...row, attempts: outcome.attempts }, false);
  }

  private async find(request: CheckVerificationRequest): Promise<VerificationRow> {
    if (request.verificationId) {
      const row = await this.verifications.find(request.organizationId, request.verificationId);
      if (row) return row;
      throw notFound();
    }
    if (!request.to) throw notFound();
    const row = await this.verifications.latestForNumber(request.organizationId, smsDestination(request.to).e164);
    if (!row) throw notFound();
    return row;
  }

  /** The code was gone: another request finished the session, or its time ran out. */
  private async reread(row: VerificationRow): Promise<VerificationRow> {
    const now = await this.verifications.find(row.organization_id, row.id);
    return this.lookup.current(now ?? row);
  }
}
