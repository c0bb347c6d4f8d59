import { Injectable } from '@nestjs/common';
import { v7 as uuidv7 } from 'uuid';
import { DataSource } from 'typeorm';
import { MessageRequested, VerificationRequest, VerificationView } from '@zagel/contracts';
import { Outbox } from '@zagel/database';
import { FraudGuard } from '../fraud-guard/fraud-guard';
import { VerificationSettingsRepository } from '../settings/verification-settings.repository';
import { renderMessage } from '../templates/message-text';
import { CodeSecrets } from './code-secrets';
import { CodeStore } from './code-store';
import { ResendCooldown } from './resend-cooldown';
import { heldColumns, PriceHold, SendReservation } from './send-reservation';
import { notPending, VerificationLookup } from './verification-lookup';
import { devicesToExclude, toVerificationView } from './verification-rows';
import { VerificationsRepository } from './verifications.repository';
import { providerVerifyTemplate } from './provider-verify-template';

/**
 * Sends the same code again while it is valid, after the cooldown and within the number's send
 * limit; the phones that carried or failed earlier sends are excluded so the dispatcher picks another.
 */
@Injectable()
export class ResendVerificationUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly verifications: VerificationsRepository,
    private readonly lookup: VerificationLookup,
    private readonly codes: CodeStore,
    private readonly secrets: CodeSecrets,
    private readonly cooldown: ResendCooldown,
    private readonly guard: FraudGuard,
    private readonly billing: SendReservation,
    private readonly settings: VerificationSettingsRepository,
  ) {}

  async execute(request: VerificationRequest): Promise<VerificationView> {
    const row = await this.lookup.byId(request.organizationId, request.verificationId);
    if (row.status !== 'pending') throw notPending(row);
    const sealed = await this.codes.sealed(row.id);
    if (!sealed) throw notPending(await this.lookup.byId(request.organizationId, request.verificationId));

    const waitMs = await this.cooldown.take(row.id);
    if (waitMs !== undefined) this.guard.refuseCooldown(waitMs);

    const messageId = uuidv7();
    const destination = { organizationId: row.organization_id, e164: row.to_number, country: row.country };
    await this.guard.takeResendSlot(destination, messageId).catch(async (error: unknown) => {
      await this.cooldown.clear(row.id);
      throw error;
    });
    let hold: PriceHold;
    try {
      const remainingSeconds = Math.max(1, Math.ceil((row.expires_at.getTime() - Date.now()) / 1_000));
      hold = await this.billing.hold({
        organizationId: row.organization_id,
        messageId,
        country: row.country,
        segments: row.segments,
        expirySeconds: remainingSeconds,
      });
    } catch (error) {
      await Promise.all([this.cooldown.clear(row.id), this.guard.releaseResendSlot(destination, messageId)]);
      throw error;
    }

    const code = this.secrets.unseal(row.id, sealed);
    const body = renderMessage(row.message_template, code);
    const providerTemplate = providerVerifyTemplate(await this.settings.get(row.organization_id), code);
    const updated = await this.dataSource
      .transaction(async (manager) => {
        const sentAt = new Date();
        const resent = await this.verifications.recordResend(manager, row.id, sentAt);
        if (!resent) return undefined;
        const earlier = await this.verifications.sends(row.id, manager);
        await this.verifications.insertSend(manager, {
          messageId,
          verificationId: row.id,
          organizationId: row.organization_id,
          sequence: resent.send_count,
          requestedAt: sentAt,
          ...heldColumns(hold),
        });
        await Outbox.add(
          manager,
          MessageRequested,
          {
            messageId,
            organizationId: row.organization_id,
            to: row.to_number,
            body,
            messageType: 'otp',
            route: 'auto',
            lane: 'live',
            origin: 'otp',
            expiresAt: row.expires_at.toISOString(),
            excludeDeviceIds: devicesToExclude(earlier),
            ...(providerTemplate && { template: providerTemplate }),
          },
          { tenantId: row.organization_id, messageId },
        );
        return resent;
      })
      .catch(async (error: unknown) => {
        await this.billing.undo(row.organization_id, messageId, hold);
        throw error;
      });
    if (!updated) {
      await this.billing.undo(row.organization_id, messageId, hold);
      throw notPending(await this.lookup.byId(request.organizationId, request.verificationId));
    }
    return toVerificationView(updated, await this.verifications.sends(row.id));
  }
}
