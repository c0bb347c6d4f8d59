import { Injectable } from '@nestjs/common';
import { OrganizationRef, WebhookSettingsView } from '@zagel/contracts';
import { WebhooksRepository } from './webhooks.repository';

/** The organization's default callback URL, whether it is active, and the endpoints disabled for failing. */
@Injectable()
export class GetWebhookSettingsUseCase {
  constructor(private readonly webhooks: WebhooksRepository) {}

  /** `secret` is shown only by the calls that just made it. */
  async execute(request: OrganizationRef, secret?: string): Promise<WebhookSettingsView> {
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
}
