import { Injectable } from '@nestjs/common';
import { v7 as uuidv7 } from 'uuid';
import { ALPHANUMERIC_SENDER_ID, BeginCampaignUploadRequest, CampaignErrorCode, CampaignOptions, IngestionErrorCode, NUMERIC_SENDER_ID, UploadStarted } from '@zagel/contracts';
import { IngestionConfig } from '../config';
import { IngestionError } from '../shared/ingestion-error';
import { TemplatesRepository } from '../templates/templates.repository';
import { checkWebhookTarget } from '../webhooks/webhook-target-policy';
import { CampaignError } from './campaign.errors';
import { CampaignUploadsRepository } from './campaign-uploads.repository';
import { headerLength, layoutOf, ResolvedTemplate } from './csv-layout';
import { parseRows } from './csv-rows';

/** Reservations, and so campaigns, are held at most a week. */
const MAX_SCHEDULE_AHEAD_MS = 6 * 86_400_000;

/**
 * The first chunk of a file: the options are checked, the header row read (every whole-file fault
 * a header can show stops the upload here, with nothing stored), then the chunk's rows stored.
 */
@Injectable()
export class BeginCampaignUploadUseCase {
  constructor(
    private readonly uploads: CampaignUploadsRepository,
    private readonly templates: TemplatesRepository,
    private readonly settings: IngestionConfig,
  ) {}

  async execute(request: BeginCampaignUploadRequest): Promise<UploadStarted> {
    const { organizationId, options, text } = request;
    await this.checkOptions(options);
    const template = await this.template(organizationId, options);
    const layout = layoutOf(text, options, template);
    const uploadId = uuidv7();
    const rows = parseRows(text.slice(headerLength(text)), 2, layout, options.defaultCountry, options.senderId);
    // The version the rows are rendered from, so the chunks later send with that version's provider codes.
    const pinned = template?.templateVersion !== undefined ? { ...options, templateVersion: template.templateVersion } : options;
    await this.uploads.create(uploadId, organizationId, pinned, layout);
    try {
      return { uploadId, records: await this.uploads.append(uploadId, rows) };
    } catch (error) {
      await this.uploads.discard(uploadId);
      throw error;
    }
  }

  private async template(organizationId: string, options: CampaignOptions): Promise<ResolvedTemplate | undefined> {
    if (options.template !== undefined) return { text: options.template };
    if (options.templateId === undefined) return undefined;
    const found = await this.templates.find(organizationId, options.templateId, options.templateVersion);
    if (!found) throw new IngestionError(IngestionErrorCode.TemplateNotFound, 'the organization has no such template (or version)');
    const codes = found.provider_codes ?? {};
    return { text: found.body, templateId: found.id, templateVersion: found.version, ...(Object.keys(codes).length > 0 ? { providerCodes: codes } : {}) };
  }

  private async checkOptions(options: CampaignOptions): Promise<void> {
    const invalid = (message: string) => new CampaignError(CampaignErrorCode.InvalidCampaignOptions, message);
    if (options.template !== undefined && options.templateId !== undefined) throw invalid('give template or templateId, not both');
    if (options.templateVersion !== undefined && options.templateId === undefined) throw invalid('templateVersion needs templateId');
    const now = Date.now();
    const scheduleAt = options.scheduleAt ? Date.parse(options.scheduleAt) : undefined;
    if (scheduleAt !== undefined && scheduleAt - now > MAX_SCHEDULE_AHEAD_MS) throw invalid('scheduleAt may be at most 6 days ahead');
    if (options.expiresAt && Date.parse(options.expiresAt) <= Math.max(now, scheduleAt ?? 0)) {
      throw invalid('expiresAt must be in the future and after scheduleAt');
    }
    // The syntax here; a country that refuses an alphanumeric id refuses its rows, one by one.
    if (options.senderId !== undefined && !ALPHANUMERIC_SENDER_ID.test(options.senderId) && !NUMERIC_SENDER_ID.test(options.senderId)) {
      throw invalid('senderId must be a number (E.164, a short code or a line) or an alphanumeric id of at most 11 letters, digits or spaces with at least one letter');
    }
    if (options.callbackUrl) {
      const verdict = await checkWebhookTarget(options.callbackUrl, this.settings.WEBHOOKS_ALLOW_PRIVATE);
      if (!verdict.ok) throw new IngestionError(IngestionErrorCode.WebhookTargetNotAllowed, `callbackUrl refused: ${verdict.reason}`);
    }
  }
}
