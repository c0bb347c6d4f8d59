import { Inject, Injectable } from '@nestjs/common';
import { v7 as uuidv7 } from 'uuid';
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
import { CodeSessions } from './code-sessions';
import { heldColumns, PriceHold, SendReservation } from './send-reservation';
import { smsDestination } from './destination';
import { providerVerifyTemplate } from './provider-verify-template';
import { canonicalCode, generateCode } from './verification-code';
import { firstSend, toVerificationView } from './verification-rows';
import { statusEvent } from './verification-transitions';
import { NEW_SESSION, NewVerification, VerificationsRepository } from './verifications.repository';

/**
 * Starts a verification in two steps: the session in Redis (fraud rules, rate limits, cooldown and the
 * code's HMAC, one script) and, at the same time, the price hold (a spend from the organization's
 * prepaid allowance, one script; billing's reserve RPC when it refuses); then one statement committing
 * the session row, its first send (with how its price was held), `message.requested` and the status event
 * (Outbox.commitWith: atomic without a transaction, one database round trip). The organization's settings
 * and templates come from the instance's cache. A refused hold (402) takes the session back: no row, no
 * code, no message, no slot in the number's send limit; a refused session gives the price back.
 */
@Injectable()
export class StartVerificationUseCase {
  constructor(
    @Inject(OtpConfig) private readonly config: OtpConfig,
    private readonly verifications: VerificationsRepository,
    private readonly settings: VerificationSettingsRepository,
    private readonly templates: OtpTemplatesRepository,
    private readonly guard: FraudGuard,
    private readonly priceHold: SendReservation,
    private readonly sessions: CodeSessions,
  ) {}

  async execute(request: StartVerificationRequest): Promise<VerificationView> {
    const organizationId = request.organizationId;
    const destination = { organizationId, ...smsDestination(request.to) };
    const settings = await this.settings.get(organizationId);
    this.guard.checkCountry(destination, settings.allowedCountries);

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
    const providerTemplate = providerVerifyTemplate(settings, code);
    const segments = analyzeSms(body).segments;

    // Both at once (the two scripts share a round trip to Redis); whichever is refused takes the other back.
    const [opened, held] = await Promise.allSettled([
      this.sessions.open({ id, destination, code, alphanumeric, ttlSeconds: expirySeconds }),
      this.priceHold.hold({ organizationId, messageId, country: destination.country, segments, expirySeconds }),
    ]);
    if (opened.status === 'rejected' || held.status === 'rejected') {
      await Promise.all([
        opened.status === 'fulfilled' ? this.sessions.undo(id, destination).catch(() => undefined) : undefined,
        held.status === 'fulfilled' ? this.priceHold.undo(organizationId, messageId, held.value) : undefined,
      ]);
      // The session's refusal (fraud rules, limits, cooldown) comes first: it is what a retry runs into.
      throw opened.status === 'rejected' ? opened.reason : (held as PromiseRejectedResult).reason;
    }
    const hold: PriceHold = held.value;

    const now = new Date();
    const expiresAt = new Date(now.getTime() + expirySeconds * 1_000);
    const session: NewVerification = {
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
    };
    const tenant = { tenantId: organizationId };
    try {
      const row = await this.verifications.insertWithFirstSend(session, { messageId, requestedAt: now, ...heldColumns(hold) }, [
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
            ...(providerTemplate && { template: providerTemplate }),
          },
          { ...tenant, messageId },
        ),
        Outbox.prepare(OtpVerificationStatusChanged, statusEvent({ ...session, ...NEW_SESSION }, now, { messageId, status: 'requested' }), tenant),
      ]);
      return toVerificationView(row, [firstSend(row, messageId, now, heldColumns(hold))]);
    } catch (error) {
      await Promise.all([this.sessions.undo(id, destination).catch(() => undefined), this.priceHold.undo(organizationId, messageId, hold)]);
      throw error;
    }
  }

  private async customerTemplate(organizationId: string, templateId: string): Promise<string> {
    const template = await this.templates.find(organizationId, templateId);
    if (!template) throw new OtpError(OtpErrorCode.TemplateNotFound, 'No such OTP template in this organization.', { templateId });
    return template.body;
  }
}
