import { Injectable } from '@nestjs/common';
import { CheckVerificationRequest, VerificationCheckResult } from '@zagel/contracts';
import { CodeSecrets } from './code-secrets';
import { CodeStore } from './code-store';
import { CheckOutcome, CodeSessions } from './code-sessions';
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
 * Checks a code. While the session lives in Redis, one script counts the attempt and compares the
 * HMACs in constant time, and only a decision (approval, last attempt) or the attempt count touches
 * PostgreSQL, where the conditional row update (`WHERE status = 'pending'`) lets one approval win.
 * Without a live session (expired, finished, another organization's) the row answers.
 */
@Injectable()
export class CheckVerificationUseCase {
  constructor(
    private readonly verifications: VerificationsRepository,
    private readonly lookup: VerificationLookup,
    private readonly transitions: VerificationTransitions,
    private readonly codes: CodeStore,
    private readonly secrets: CodeSecrets,
    private readonly sessions: CodeSessions,
  ) {}

  async execute(request: CheckVerificationRequest): Promise<VerificationCheckResult> {
    const organizationId = request.organizationId;
    const id = request.verificationId ?? (request.to ? await this.sessions.latest(organizationId, smsDestination(request.to).e164) : undefined);
    if (id) {
      const outcome = await this.sessions.check(organizationId, id, request.code);
      if (outcome.kind !== 'missing' && outcome.kind !== 'locked') return this.decide(organizationId, id, outcome);
    }
    return this.checkAgainstRow(request);
  }

  private async decide(organizationId: string, id: string, outcome: CheckOutcome & { attempts: number; maxAttempts: number }): Promise<VerificationCheckResult> {
    const { attempts, maxAttempts } = outcome;
    if (outcome.kind === 'match') {
      // The row update decides: a racing approval waits on the row lock, then finds it no longer pending.
      const approved = await this.transitions.finish(id, 'approved', attempts);
      if (!approved) {
        const now = await this.reread(organizationId, id);
        return result(now, now.status === 'approved', attempts);
      }
      await this.sessions.approved(id, approved.to_number, approved.created_at);
      return result(approved, true);
    }
    if (outcome.kind === 'exhausted') {
      const locked = await this.transitions.finish(id, 'max_attempts_reached', attempts);
      return result(locked ?? (await this.reread(organizationId, id)), false, attempts);
    }
    await this.verifications.recordAttempts(id, attempts);
    return { id, status: 'pending', valid: false, remainingAttempts: Math.max(0, maxAttempts - attempts) };
  }

  /** The row first: sessions without a live code in Redis, and codes stored before the session script. */
  private async checkAgainstRow(request: CheckVerificationRequest): Promise<VerificationCheckResult> {
    const row = await this.lookup.current(await this.find(request));
    if (row.status !== 'pending') return result(row, false);

    const outcome = await this.codes.countAttempt(row.id);
    if (outcome.kind === 'missing') return result(await this.reread(row.organization_id, row.id, row), false);
    if (outcome.kind === 'locked') {
      return result((await this.transitions.finish(row.id, 'max_attempts_reached', outcome.attempts)) ?? (await this.reread(row.organization_id, row.id, row)), false);
    }

    const valid = this.secrets.matches(outcome.hmac, row.id, canonicalCode(request.code, row.alphanumeric));
    if (valid) {
      const approved = await this.transitions.finish(row.id, 'approved', outcome.attempts);
      if (!approved) {
        const now = await this.reread(row.organization_id, row.id, row);
        return result(now, now.status === 'approved', outcome.attempts);
      }
      await this.sessions.approved(row.id, row.to_number, row.created_at);
      return result(approved, true);
    }

    if (outcome.attempts >= row.max_attempts) {
      await this.codes.remove(row.id);
      const locked = await this.transitions.finish(row.id, 'max_attempts_reached', outcome.attempts);
      return result(locked ?? (await this.reread(row.organization_id, row.id, row)), false, outcome.attempts);
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

  /** The code was gone or spent: another request finished the session, or its time ran out. */
  private async reread(organizationId: string, id: string, known?: VerificationRow): Promise<VerificationRow> {
    const now = await this.verifications.find(organizationId, id);
    if (!now && !known) throw notFound();
    return this.lookup.current((now ?? known) as VerificationRow);
  }
}
