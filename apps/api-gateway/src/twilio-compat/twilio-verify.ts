import { Injectable } from '@nestjs/common';
import {
  CheckVerification,
  CheckVerificationRequest,
  GetVerification,
  OtpLocale,
  StartVerification,
  StartVerificationRequest,
  TwilioSidPrefix,
  twilioSid,
  uuidOfTwilioSid,
  VerificationStatus,
} from '@zagel/contracts';
import { Principal } from '@zagel/identity';
import { CorrelationContext } from '@zagel/observability';
import { ServiceRpc } from '../service-rpc/service-rpc';
import { TwilioErrors } from './twilio-errors';
import { TwilioForm } from './twilio-message-form';

/** Twilio Verify v2's Verification and VerificationCheck resources (ISO 8601 dates, as v2 writes them). */
export interface TwilioVerificationResource {
  sid: string;
  service_sid: string;
  account_sid: string;
  to: string;
  channel: 'sms';
  status: VerificationStatus;
  valid: boolean;
  amount: null;
  payee: null;
  date_created: string;
  date_updated: string;
  lookup?: Record<string, unknown>;
  send_code_attempts?: { attempt_sid: string; channel: 'sms'; time: string }[];
  sna?: null;
  sna_attempts_error_codes?: unknown[];
  url?: string;
}

/** What a service SID names: the organization's one Verify service (`VA` + its id's hex). */
export function requireOwnService(principal: Principal, serviceSid: string, path: string): string {
  const organizationId = uuidOfTwilioSid(TwilioSidPrefix.VerifyService, serviceSid);
  if (!organizationId || organizationId !== principal.organizationId) throw TwilioErrors.notFound(path);
  return organizationId;
}

function field(form: TwilioForm, name: string): string | undefined {
  const value = form[name];
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/**
 * Twilio Verify v2 over Zagel's verifications (the otp RPCs POST /v1/verifications calls). Each
 * organization has one service; its SID is shown with every API key.
 */
@Injectable()
export class TwilioVerify {
  constructor(private readonly rpc: ServiceRpc) {}

  async start(correlation: CorrelationContext, principal: Principal, serviceSid: string, form: TwilioForm, baseUrl: string): Promise<TwilioVerificationResource> {
    const organizationId = requireOwnService(principal, serviceSid, `/v2/Services/${serviceSid}/Verifications`);
    const to = field(form, 'To');
    if (!to) throw TwilioErrors.invalidVerifyParameter('To');
    const channel = field(form, 'Channel');
    if (channel !== 'sms') throw TwilioErrors.invalidVerifyParameter('Channel');
    const request: StartVerificationRequest = { organizationId, to };
    const locale = field(form, 'Locale');
    if (locale) request.locale = locale as OtpLocale;
    const customCode = field(form, 'CustomCode');
    if (customCode) request.customCode = customCode;
    const appHash = field(form, 'AppHash');
    if (appHash) request.appHash = appHash;
    const view = await this.rpc.call(correlation, 'otp', StartVerification, request);
    const sid = twilioSid(TwilioSidPrefix.Verification, view.id);
    return {
      sid,
      service_sid: serviceSid,
      account_sid: twilioSid(TwilioSidPrefix.Account, organizationId),
      to: view.to,
      channel: 'sms',
      status: view.status,
      valid: false,
      lookup: { carrier: null },
      amount: null,
      payee: null,
      send_code_attempts: view.sends.map((send) => ({ attempt_sid: twilioSid(TwilioSidPrefix.VerificationAttempt, send.messageId), channel: 'sms', time: send.requestedAt })),
      sna: null,
      date_created: view.createdAt,
      date_updated: view.updatedAt,
      url: `${baseUrl}/v2/Services/${serviceSid}/Verifications/${sid}`,
    };
  }

  async check(correlation: CorrelationContext, principal: Principal, serviceSid: string, form: TwilioForm): Promise<TwilioVerificationResource> {
    const organizationId = requireOwnService(principal, serviceSid, `/v2/Services/${serviceSid}/VerificationCheck`);
    const code = field(form, 'Code');
    if (!code) throw TwilioErrors.invalidVerifyParameter('Code');
    const to = field(form, 'To');
    const verificationSid = field(form, 'VerificationSid');
    const request: CheckVerificationRequest = { organizationId, code };
    if (verificationSid) {
      const verificationId = uuidOfTwilioSid(TwilioSidPrefix.Verification, verificationSid);
      if (!verificationId) throw TwilioErrors.notFound(`/v2/Services/${serviceSid}/VerificationCheck`);
      request.verificationId = verificationId;
    } else if (to) request.to = to;
    else throw TwilioErrors.invalidVerifyParameter('To');
    const result = await this.rpc.call(correlation, 'otp', CheckVerification, request);
    // Twilio checks only pending verifications: one approved, canceled or expired before is not found.
    if (!result.valid && result.status === 'max_attempts_reached') throw TwilioErrors.maxCheckAttempts();
    if (!result.valid && result.status !== 'pending') throw TwilioErrors.notFound(`/v2/Services/${serviceSid}/VerificationCheck`);
    // The check answers without the verification's number and dates: read them.
    const view = await this.rpc.call(correlation, 'otp', GetVerification, { organizationId, verificationId: result.id });
    return {
      sid: twilioSid(TwilioSidPrefix.Verification, result.id),
      service_sid: serviceSid,
      account_sid: twilioSid(TwilioSidPrefix.Account, organizationId),
      to: view.to,
      channel: 'sms',
      status: result.status,
      valid: result.valid,
      amount: null,
      payee: null,
      sna_attempts_error_codes: [],
      date_created: view.createdAt,
      date_updated: view.updatedAt,
    };
  }
}
