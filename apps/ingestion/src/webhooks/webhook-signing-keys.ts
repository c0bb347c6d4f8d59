import { Injectable } from '@nestjs/common';
import { IngestionConfig } from '../config';
import { newWebhookSecret, WebhookSecretCipher } from './webhook-secrets';
import { WebhooksRepository } from './webhooks.repository';

/** Each organization's signing secret: created on first need, stored encrypted, decrypted only to sign. */
@Injectable()
export class WebhookSigningKeys {
  readonly cipher: WebhookSecretCipher;

  constructor(
    private readonly webhooks: WebhooksRepository,
    settings: IngestionConfig,
  ) {
    this.cipher = new WebhookSecretCipher(settings.webhooksSecretKey());
  }

  async secretFor(organizationId: string): Promise<string> {
    const existing = await this.webhooks.settings(organizationId);
    if (existing) return this.cipher.decrypt(existing.secret_ciphertext);
    await this.webhooks.createSettings(organizationId, this.cipher.encrypt(newWebhookSecret()), null);
    const created = await this.webhooks.settings(organizationId);
    return this.cipher.decrypt(created!.secret_ciphertext);
  }
}
