import { Inject, Injectable } from '@nestjs/common';
import { v7 as uuidv7 } from 'uuid';
import { DataSource } from 'typeorm';
import {
  MessageRequested,
  OTP_CODE_LENGTH,
  OTP_EXPIRY_SECONDS,
  OtpErrorCode,
  OtpVerificationStatusChanged,
  StartVerificationRequest,
  VerificationView,
} from '@zagel/contracts';
import { Outbox } from '@zagel/database';
import { analyzeSms } from '@zagel/sms-encoding';
import { OtpConfig } from '../config';
import { FraudGuard } from '../fraud-guard/fraud-guard';
import { VerificationSettingsRepository } from '../settings/verification-settings.repository';
import { OtpError } from '../shared/otp-error';
import { builtinTemplate, expiryMinutes, prepareMessageTemplate, renderMessage, withAppHash } from '../templates/message-text';
import { OtpTemplatesRepository } from '../templates/otp-templates.repository';
import { CodeSecrets } from './code-secrets';
import { CodeStore } from './code-store';
import { ResendCooldown } from './resend-cooldown';
import { SendReservation } from './send-reservation';
import { smsDestination } from './destination';
import { canonicalCode, generateCode } from './verification-code';
import { firstSend, toVerificationView } from './verification-rows';
import { statusEvent } from './verification-transitions';
import { VerificationsRepository } from './verifications.repository';

/**
 * Starts a verification: checks the number and the fraud rules, reserves the price, stores the
 * code's HMAC in Redis and commits the session with its `message.requested` and status event.
 * A refused reservation (402) leaves nothing behind: no session, no code, no message.
 */
@Injectable()
export class StartVerificationUseCase {
  constructor(
    @Inject(OtpConfig) private readonly config: OtpConfig,
    private readonly dataSource: DataSource,
    private readonly verifications: VerificationsRepository,
    private readonly settings: VerificationSettingsRepository,
    private readonly templates: OtpTemplatesRepository,
    private readonly guard: FraudGuard,
    private readonly billing: SendReservation,
    private readonly secrets: CodeSecrets,
    private readonly codes: CodeStore,
    private readonly cooldown: ResendCooldown,
  ) {}

  async execute(request: StartVerificationRequest): Promise<VerificationView> {
    const organizationId = request.organizationId;
    const destination = smsDestination(request.to);
    const guarded = { organizationId, ...destination };
    const [settings] = await Promise.all([this.settings.get(organizationId), this.guard.checkPrefix(guarded)]);
    this.guard.checkCountry(guarded, settings.allowedCountries);

    const id = uuidv7();
    const messageId = uuidv7();
    const expirySeconds = request.expirySeconds ?? OTP_EXPIRY_SECONDS.default;
    const locale = request.locale ?? 'en';
    const app = request.appName ?? settings.appName;
    const template = request.templateId ? await this.customerTemplate(organizationId, request.templateId) : builtinTemplate(locale, app);
    const messageTemplate = withAppHash(prepareMessageTemplate(template, { minutes: expiryMinutes(expirySeconds), app }), request.appHash);

    const alphanumeric = request.customCode ? !/^\d+$/.test(request.customCode) : request.alphanumeric === true;
    const code = request.customCode
      ? canonicalCode(request.customCode, alphanumeric)
      : generateCode(request.codeLength ?? OTP_CODE_LENGTH.default, alphanumeric);
    const body = renderMessage(messageTemplate, code);
    const segments = analyzeSms(body).segments;

    await this.guard.takeStartSlots(guarded, id);
    const now = new Date();
    const expiresAt = new Date(now.getTime() + expirySeconds * 1_000);
    // Everything the session needs besides its rows goes at once, one round trip of waiting: the
    // reservation, the code, and (undone below if the start fails) its place in the prefix's verify
    // rate and its resend cooldown, whose key names a session that then never exists and expires.
    const [reserved, saved, noted] = await Promise.allSettled([
      this.billing.reserve({ organizationId, messageId, country: destination.country, segments, expirySeconds }),
      this.codes.save(id, {
        hmac: this.secrets.hmac(id, code),
        sealed: this.secrets.seal(id, code),
        maxAttempts: this.config.OTP_MAX_CHECK_ATTEMPTS,
        ttlSeconds: expirySeconds,
      }),
      Promise.all([this.guard.recordStarted(destination.e164, id, now), this.cooldown.start(id)]),
    ]);
    const failed = [reserved, saved, noted].find((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
    if (failed) {
      await Promise.all([
        this.codes.remove(id).catch(() => false),
        this.guard.releaseStartSlots(guarded, id).catch(() => undefined),
        this.guard.forgetStarted(destination.e164, id).catch(() => undefined),
        reserved.status === 'fulfilled' ? this.billing.release(organizationId, messageId) : undefined,
      ]);
      throw failed.reason;
    }

    try {
      const row = await this.dataSource.transaction(async (manager) => {
        const inserted = await this.verifications.insertWithFirstSend(manager, {
          id,
          organization_id: organizationId,
          to_number: destination.e164,
          country: destination.country,
          status: 'pending',
          code_length: code.length,
          alphanumeric,
          locale,
          template_id: request.templateId ?? null,
          message_template: messageTemplate,
          segments,
          max_attempts: this.config.OTP_MAX_CHECK_ATTEMPTS,
          last_sent_at: now,
          callback_url: request.callbackUrl ?? null,
          metadata: request.metadata ?? null,
          expires_at: expiresAt,
        }, { messageId, requestedAt: now });
        const tenant = { tenantId: organizationId };
        await Outbox.addPrepared(manager, [
          Outbox.prepare(
            MessageRequested,
            {
              messageId,
              organizationId,
              to: destination.e164,
              body,
              messageType: 'otp',
              route: 'auto',
              lane: 'live',
              origin: 'otp',
              expiresAt: expiresAt.toISOString(),
              excludeDeviceIds: [],
            },
            { ...tenant, messageId },
          ),
          Outbox.prepare(OtpVerificationStatusChanged, statusEvent(inserted, now, { messageId, status: 'requested' }), tenant),
        ]);
        return inserted;
      });
      return toVerificationView(row, [firstSend(row, messageId, now)]);
    } catch (error) {
      await this.codes.remove(id).catch(() => false);
      await this.guard.releaseStartSlots(guarded, id).catch(() => undefined);
      await this.guard.forgetStarted(destination.e164, id).catch(() => undefined);
      await this.billing.release(organizationId, messageId);
      throw error;
    }
  }

  private async customerTemplate(organizationId: string, templateId: string): Promise<string> {
    const template = await this.templates.find(organizationId, templateId);
    if (!template) throw new OtpError(OtpErrorCode.TemplateNotFound, 'No such OTP template in this organization.', { templateId });
    return template.body;
  }
}
