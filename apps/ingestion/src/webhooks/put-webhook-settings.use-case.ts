import { Injectable } from '@nestjs/common';
import { IngestionErrorCode, PutWebhookSettingsRequest, WebhookSettingsView } from '@zagel/contracts';
import { IngestionConfig } from '../config';
import { IngestionError } from '../shared/ingestion-error';
import { GetWebhookSettingsUseCase } from './get-webhook-settings.use-case';
import { newWebhookSecret } from './webhook-secrets';
import { WebhookSigningKeys } from './webhook-signing-keys';
import { checkWebhookTarget } from './webhook-target-policy';
import { WebhooksRepository } from './webhooks.repository';

/** Saves the URL (re-enabling it if it was disabled); the signing secret is returned the first time only. */
@Injectable()
export class PutWebhookSettingsUseCase {
  constructor(
    private readonly webhooks: WebhooksRepository,
    private readonly keys: WebhookSigningKeys,
    private readonly settings: IngestionConfig,
    private readonly getSettings: GetWebhookSettingsUseCase,
  ) {}

  async execute(request: PutWebhookSettingsRequest): Promise<WebhookSettingsView> {
    const url = request.url ?? null;
    if (url) {
      const verdict = await checkWebhookTarget(url, this.settings.WEBHOOKS_ALLOW_PRIVATE);
      if (!verdict.ok) throw new IngestionError(IngestionErrorCode.WebhookTargetNotAllowed, `the webhook URL is refused: ${verdict.reason}`);
    }
    const secret = newWebhookSecret();
    const created = await this.webhooks.createSettings(request.organizationId, this.keys.cipher.encrypt(secret), url);
    if (!created) await this.webhooks.setUrl(request.organizationId, url);
    if (url) await this.webhooks.resetEndpoint(request.organizationId, url);
    return this.getSettings.execute(request, created ? secret : undefined);
  }
}
