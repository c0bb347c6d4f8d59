import { Injectable } from '@nestjs/common';
import { OrganizationRef, WebhookSettingsView } from '@zagel/contracts';
import { GetWebhookSettingsUseCase } from './get-webhook-settings.use-case';
import { newWebhookSecret } from './webhook-secrets';
import { WebhookSigningKeys } from './webhook-signing-keys';
import { WebhooksRepository } from './webhooks.repository';

/** A new signing secret, shown in this answer only. */
@Injectable()
export class RotateWebhookSecretUseCase {
  constructor(
    private readonly webhooks: WebhooksRepository,
    private readonly keys: WebhookSigningKeys,
    private readonly getSettings: GetWebhookSettingsUseCase,
  ) {}

  async execute(request: OrganizationRef): Promise<WebhookSettingsView> {
    const secret = newWebhookSecret();
    const ciphertext = this.keys.cipher.encrypt(secret);
    if (!(await this.webhooks.createSettings(request.organizationId, ciphertext, null))) {
      await this.webhooks.setSecret(request.organizationId, ciphertext);
    }
    return this.getSettings.execute(request, secret);
  }
}
