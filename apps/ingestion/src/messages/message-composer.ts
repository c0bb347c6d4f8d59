import { Injectable } from '@nestjs/common';
import { v7 as uuidv7 } from 'uuid';
import { IngestionErrorCode, MessageContent, MessageType, RoutePreference } from '@zagel/contracts';
import { measureContent, senderProblem } from './message-format';
import { canReceiveSms, normalizePhoneNumber } from '@zagel/phone';
import { IngestionConfig } from '../config';
import { renderTemplate, templateVariables, variablesForProviders } from '../templates/template-text';
import { TemplateRow, TemplatesRepository } from '../templates/templates.repository';
import { checkWebhookTarget, TargetVerdict } from '../webhooks/webhook-target-policy';
import { MessageDraft } from './message-draft';

/** Reservations last at most a week, so nothing can be scheduled further out. */
export const MAX_SCHEDULE_AHEAD_MS = 6 * 24 * 3_600_000;
const MAX_BODY_LENGTH = 1_600;

export type Rejection = { code: IngestionErrorCode; reason: string; details?: Record<string, unknown> };
export type Composed = { ok: true; draft: Omit<MessageDraft, 'price' | 'currency'> } | ({ ok: false } & Rejection);

/** Promotional traffic goes to providers by default; the rest may use the device pool. */
export function defaultRoute(type: MessageType): RoutePreference {
  return type === 'promotional' ? 'providers' : 'auto';
}

/** Per-request memo of templates and callback-target checks, so a batch looks each up once. */
export class CompositionLookups {
  private readonly templates = new Map<string, Promise<TemplateRow | null>>();
  private readonly targets = new Map<string, Promise<TargetVerdict>>();

  constructor(
    private readonly organizationId: string,
    private readonly repository: TemplatesRepository,
    private readonly allowPrivate: boolean,
  ) {}

  template(id: string): Promise<TemplateRow | null> {
    let found = this.templates.get(id);
    if (!found) {
      found = this.repository.find(this.organizationId, id);
      this.templates.set(id, found);
    }
    return found;
  }

  target(url: string): Promise<TargetVerdict> {
    let verdict = this.targets.get(url);
    if (!verdict) {
      verdict = checkWebhookTarget(url, this.allowPrivate);
      this.targets.set(url, verdict);
    }
    return verdict;
  }
}

const reject = (code: IngestionErrorCode, reason: string, details?: Record<string, unknown>): Composed => ({
  ok: false,
  code,
  reason,
  ...(details ? { details } : {}),
});

/**
 * Turns what a customer asked for into a message draft: the number in E.164 (able to receive SMS),
 * the text (rendered from a template when one is named), its encoding and segments, its schedule.
 * Opt-outs and prices are settled by the callers, in bulk.
 */
@Injectable()
export class MessageComposer {
  constructor(
    private readonly templates: TemplatesRepository,
    private readonly settings: IngestionConfig,
  ) {}

  lookups(organizationId: string): CompositionLookups {
    return new CompositionLookups(organizationId, this.templates, this.settings.WEBHOOKS_ALLOW_PRIVATE);
  }

  async compose(organizationId: string, content: MessageContent, lookups: CompositionLookups, now: Date): Promise<Composed> {
    if (typeof content.to !== 'string' || content.to.trim() === '') {
      return reject(IngestionErrorCode.InvalidPhoneNumber, 'to is required', { problem: 'not_a_number' });
    }
    const number = normalizePhoneNumber(content.to, content.defaultCountry);
    if (!number.ok) return reject(IngestionErrorCode.InvalidPhoneNumber, number.detail, { problem: number.problem });
    if (!canReceiveSms(number.type)) {
      return reject(IngestionErrorCode.CannotReceiveSms, `${number.e164} is a ${number.type.replace(/_/g, ' ')} number and cannot receive SMS`, {
        problem: number.type,
      });
    }

    let body = content.body;
    let template: TemplateRow | null = null;
    if (content.templateId) {
      template = await lookups.template(content.templateId);
      if (!template) return reject(IngestionErrorCode.TemplateNotFound, 'the organization has no such template');
      const rendered = renderTemplate(template.body, content.variables);
      if (!rendered.ok) {
        return reject(IngestionErrorCode.MissingVariables, `missing template variables: ${rendered.missing.join(', ')}`, {
          missing: rendered.missing,
        });
      }
      body = rendered.text;
    }
    if (typeof body !== 'string' || body.length === 0) {
      return reject(IngestionErrorCode.MissingContent, 'give a body, or a templateId with its variables');
    }
    if (body.length > MAX_BODY_LENGTH) {
      return reject(IngestionErrorCode.BodyTooLong, `the text is ${body.length} characters; at most ${MAX_BODY_LENGTH}`);
    }

    const scheduleAt = content.scheduleAt ? new Date(content.scheduleAt) : undefined;
    const expiresAt = content.expiresAt ? new Date(content.expiresAt) : undefined;
    if (scheduleAt && scheduleAt.getTime() - now.getTime() > MAX_SCHEDULE_AHEAD_MS) {
      return reject(IngestionErrorCode.InvalidSchedule, 'scheduleAt may be at most 6 days ahead');
    }
    if (expiresAt && expiresAt.getTime() <= Math.max(now.getTime(), scheduleAt?.getTime() ?? 0)) {
      return reject(IngestionErrorCode.InvalidSchedule, 'expiresAt must be in the future and after scheduleAt');
    }

    if (content.callbackUrl) {
      const verdict = await lookups.target(content.callbackUrl);
      if (!verdict.ok) return reject(IngestionErrorCode.WebhookTargetNotAllowed, `callbackUrl refused: ${verdict.reason}`);
    }

    const format = content.format ?? 'text';
    if (format === 'binary' && template) return reject(IngestionErrorCode.InvalidBinary, 'a binary message takes its body as hex, not from a template');
    const measured = measureContent(format, body, content.udh);
    if (!measured.ok) return reject(measured.code, measured.reason);
    const type = content.type ?? 'transactional';
    // Phones send text from their own SIM's number: another format, or another sender, needs a provider.
    const onlyProviders = measured.onlyProviders || content.from !== undefined;
    if (content.route === 'devices' && measured.onlyProviders) {
      return reject(IngestionErrorCode.UnsupportedType, `the device pool cannot send ${format} messages: use route auto or providers`);
    }
    if (content.route === 'devices' && content.from !== undefined) {
      return reject(IngestionErrorCode.SenderIdNotSupported, "the device pool sends from its phones' own numbers: a message with from goes through providers");
    }
    if (content.from !== undefined) {
      const problem = senderProblem(content.from, number.country);
      if (problem) return reject(problem.code, problem.reason);
    }
    const scheduled = scheduleAt !== undefined && scheduleAt.getTime() > now.getTime();
    const providerVariables =
      template && Object.keys(template.provider_codes ?? {}).length > 0 ? variablesForProviders(templateVariables(template.body, content.variables)) : undefined;
    return {
      ok: true,
      draft: {
        id: uuidv7(),
        organizationId,
        to: number.e164,
        country: number.country,
        body,
        type,
        format,
        ...(content.udh ? { udh: content.udh.toLowerCase() } : {}),
        ...(content.from !== undefined ? { from: content.from } : {}),
        routePreference: content.route ?? (onlyProviders ? 'providers' : defaultRoute(type)),
        status: scheduled ? 'scheduled' : 'queued',
        encoding: measured.encoding,
        segments: measured.segments,
        ...(template ? { templateId: template.id, templateVersion: template.version } : {}),
        ...(template && providerVariables
          ? { providerTemplate: { id: template.id, version: template.version, providerCodes: template.provider_codes, variables: providerVariables } }
          : {}),
        ...(content.clientReference ? { clientReference: content.clientReference } : {}),
        ...(content.callbackUrl ? { callbackUrl: content.callbackUrl } : {}),
        ...(content.metadata ? { metadata: content.metadata } : {}),
        ...(content.priority !== undefined ? { priority: content.priority } : {}),
        ...(scheduled ? { scheduleAt } : {}),
        ...(expiresAt ? { expiresAt } : {}),
      },
    };
  }
}
