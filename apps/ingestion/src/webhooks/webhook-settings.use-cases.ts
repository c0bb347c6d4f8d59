import { Injectable } from '@nestjs/common';
import {
  IngestionErrorCode,
  ListWebhookDeliveriesRequest,
  OrganizationRef,
  PutWebhookSettingsRequest,
  WebhookDeliveryPage,
  WebhookSettingsView,
} from '@zagel/contracts';
import { IngestionConfig } from '../config';
import { DEFAULT_PAGE_SIZE, idCursor, pageOf } from '../shared/cursor';
import { IngestionError } from '../shared/ingestion-error';
import { isoOrUndefined, withoutEmpty } from '../shared/iso';
import { newWebhookSecret } from './webhook-secrets';
import { WebhookSigningKeys } from './webhook-signing-keys';
import { checkWebhookTarget } from './webhook-target-policy';
import { WebhooksRepository } from './webhooks.repository';

/** The organization's default callback URL, its signing secret, and the record of deliveries. */
@Injectable()
export class WebhookSettingsUseCases {
  constructor(
    private readonly webhooks: WebhooksRepository,
    private readonly keys: WebhookSigningKeys,
    private readonly settings: IngestionConfig,
  ) {}

  async get(request: OrganizationRef, secret?: string): Promise<WebhookSettingsView> {
    const [row, disabled] = await Promise.all([
      this.webhooks.settings(request.organizationId),
      this.webhooks.disabledEndpoints(request.organizationId),
    ]);
    const url = row?.url ?? undefined;
    const status = !url ? 'none' : disabled.some((endpoint) => endpoint.url === url) ? 'disabled' : 'active';
    return {
      ...(url ? { url } : {}),
      status,
      ...(secret ? { secret } : {}),
      hasSecret: row !== null,
      disabledEndpoints: disabled.map((endpoint) => ({
        url: endpoint.url,
        disabledAt: (endpoint.disabled_at as Date).toISOString(),
        consecutiveFailures: endpoint.consecutive_failures,
      })),
    };
  }

  /** Saves the URL (re-enabling it if it was disabled); the secret is returned the first time only. */
  async put(request: PutWebhookSettingsRequest): Promise<WebhookSettingsView> {
    const url = request.url ?? null;
    if (url) {
      const verdict = await checkWebhookTarget(url, this.settings.WEBHOOKS_ALLOW_PRIVATE);
      if (!verdict.ok) throw new IngestionError(IngestionErrorCode.WebhookTargetNotAllowed, `the webhook URL is refused: ${verdict.reason}`);
    }
    const secret = newWebhookSecret();
    const created = await this.webhooks.createSettings(request.organizationId, this.keys.cipher.encrypt(secret), url);
    if (!created) await this.webhooks.setUrl(request.organizationId, url);
    if (url) await this.webhooks.resetEndpoint(request.organizationId, url);
    return this.get(request, created ? secret : undefined);
  }

  async rotateSecret(request: OrganizationRef): Promise<WebhookSettingsView> {
    const secret = newWebhookSecret();
    const ciphertext = this.keys.cipher.encrypt(secret);
    if (!(await this.webhooks.createSettings(request.organizationId, ciphertext, null))) {
      await this.webhooks.setSecret(request.organizationId, ciphertext);
    }
    return this.get(request, secret);
  }

  async deliveries(request: ListWebhookDeliveriesRequest): Promise<WebhookDeliveryPage> {
    const limit = request.limit ?? DEFAULT_PAGE_SIZE;
    const rows = await this.webhooks.list(request.organizationId, request, limit + 1, idCursor(request.cursor));
    return pageOf(rows, limit, (row) =>
      withoutEmpty({
        id: row.id,
        messageId: row.message_id,
        url: row.url,
        event: row.event,
        status: row.status,
        attempts: row.attempts,
        lastStatusCode: row.last_status_code,
        lastError: row.last_error,
        nextAttemptAt: row.status === 'pending' ? isoOrUndefined(row.next_attempt_at) : undefined,
        createdAt: row.created_at.toISOString(),
        deliveredAt: isoOrUndefined(row.delivered_at),
      }),
    );
  }
}
