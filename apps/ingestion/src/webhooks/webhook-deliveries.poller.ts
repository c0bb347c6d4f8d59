import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { isIP } from 'node:net';
import { DataSource } from 'typeorm';
import { Poller } from '@zagel/concurrency';
import { TWILIO_STATUS_CALLBACK_EVENT, twilioSignature, WebhookEndpointDisabled } from '@zagel/contracts';
import { Outbox } from '@zagel/database';
import { IngestionConfig } from '../config';
import { retryDelaySeconds } from './webhook-retry';
import { postWebhook } from './webhook-http';
import { signWebhook } from './webhook-secrets';
import { WebhookSigningKeys } from './webhook-signing-keys';
import { isNonPublicAddress } from './webhook-target-policy';
import { WebhookDeliveryRow, WebhooksRepository } from './webhooks.repository';

const BATCH = 50;
const USER_AGENT = 'Zagel-Webhooks/1';

/**
 * A delivery as its endpoint expects it: Zagel's JSON with `Zagel-Signature`, or a Twilio-form status
 * callback (form-encoded, `X-Twilio-Signature`) for a message sent through the Twilio-compatible API.
 * Both are signed with the organization's webhook secret, which is the facade's auth token.
 */
export function signedRequest(delivery: Pick<WebhookDeliveryRow, 'id' | 'url' | 'event' | 'payload'>, secret: string): { body: string; headers: Record<string, string> } {
  if (delivery.event === TWILIO_STATUS_CALLBACK_EVENT) {
    const params = delivery.payload as Record<string, string>;
    return {
      body: new URLSearchParams(params).toString(),
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'user-agent': USER_AGENT,
        'x-twilio-signature': twilioSignature(secret, delivery.url, params),
        'i-twilio-idempotency-token': delivery.id,
      },
    };
  }
  const body = JSON.stringify({ id: delivery.id, ...delivery.payload });
  return {
    body,
    headers: {
      'user-agent': USER_AGENT,
      'zagel-signature': signWebhook(secret, body, Math.floor(Date.now() / 1000)),
      'zagel-event': delivery.event,
      'zagel-delivery-id': delivery.id,
    },
  };
}

/**
 * Delivers queued callbacks. Deliveries live in Postgres, so retries survive restarts: each instance
 * leases due rows (SKIP LOCKED), posts them signed, and records the outcome: delivered, retried with
 * exponential backoff until the retry window closes, or given up. An endpoint that keeps failing
 * (N failures in a row over at least M seconds) is disabled and its owner told.
 */
@Injectable()
export class WebhookDeliveriesPoller implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(WebhookDeliveriesPoller.name);
  private readonly poller: Poller;

  constructor(
    private readonly dataSource: DataSource,
    private readonly webhooks: WebhooksRepository,
    private readonly keys: WebhookSigningKeys,
    private readonly settings: IngestionConfig,
  ) {
    this.poller = new Poller({
      name: 'webhook-deliveries',
      intervalMs: settings.WEBHOOKS_POLL_INTERVAL_MS,
      task: () => this.deliverDue(),
      runAtStart: true,
    });
  }

  onApplicationBootstrap(): void {
    this.poller.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.poller.stop();
  }

  async deliverDue(): Promise<boolean> {
    const leaseSeconds = Math.ceil(this.settings.WEBHOOKS_TIMEOUT_MS / 1000) + 30;
    const due = await this.webhooks.lease(BATCH, leaseSeconds);
    // Endpoints are called in parallel, but one message's callbacks go in the order they were queued.
    const byMessage = new Map<string, WebhookDeliveryRow[]>();
    for (const delivery of [...due].sort((a, b) => a.id.localeCompare(b.id))) {
      const key = delivery.message_id ?? delivery.id;
      byMessage.set(key, [...(byMessage.get(key) ?? []), delivery]);
    }
    await Promise.all(
      [...byMessage.values()].map(async (deliveries) => {
        for (const delivery of deliveries) await this.deliver(delivery);
      }),
    );
    return due.length === BATCH;
  }

  private async deliver(delivery: WebhookDeliveryRow): Promise<void> {
    if (await this.webhooks.isDisabled(delivery.organization_id, delivery.url)) {
      await this.webhooks.skip(delivery.id, 'endpoint disabled');
      return;
    }
    let statusCode: number | undefined;
    let error: string;
    try {
      const host = new URL(delivery.url).hostname.replace(/^\[(.*)\]$/, '$1');
      if (!this.settings.WEBHOOKS_ALLOW_PRIVATE && isIP(host) && isNonPublicAddress(host)) {
        throw new Error(`${host} is not a public address`);
      }
      const secret = await this.keys.secretFor(delivery.organization_id);
      const { body, headers } = signedRequest(delivery, secret);
      const response = await postWebhook(delivery.url, body, headers, {
        timeoutMs: this.settings.WEBHOOKS_TIMEOUT_MS,
        allowPrivate: this.settings.WEBHOOKS_ALLOW_PRIVATE,
      });
      if (response.statusCode >= 200 && response.statusCode < 300) {
        await this.webhooks.markDelivered(delivery, response.statusCode);
        return;
      }
      statusCode = response.statusCode;
      error = `HTTP ${response.statusCode}`;
    } catch (failure) {
      error = failure instanceof Error ? failure.message : String(failure);
    }
    await this.recordFailure(delivery, statusCode, error);
  }

  private async recordFailure(delivery: WebhookDeliveryRow, statusCode: number | undefined, error: string): Promise<void> {
    const delay = retryDelaySeconds(delivery.attempts, this.settings.WEBHOOKS_RETRY_BASE_DELAY_SECONDS, this.settings.WEBHOOKS_RETRY_MAX_DELAY_SECONDS);
    const retryAt = new Date(Date.now() + delay * 1000);
    await this.dataSource.transaction(async (manager) => {
      await this.webhooks.markFailed(manager, delivery, { statusCode, error, retryAt: retryAt <= delivery.give_up_at ? retryAt : null });
      const endpoint = await this.webhooks.recordEndpointFailure(manager, delivery.organization_id, delivery.url);
      const failingFor = endpoint.failing_since ? (Date.now() - endpoint.failing_since.getTime()) / 1000 : 0;
      const exhausted =
        endpoint.consecutive_failures >= this.settings.WEBHOOKS_DISABLE_AFTER_FAILURES && failingFor >= this.settings.WEBHOOKS_DISABLE_AFTER_SECONDS;
      if (exhausted && (await this.webhooks.disableEndpoint(manager, delivery.organization_id, delivery.url))) {
        this.logger.warn(`disabled a webhook endpoint of organization ${delivery.organization_id} after ${endpoint.consecutive_failures} failures`);
        await Outbox.add(
          manager,
          WebhookEndpointDisabled,
          {
            organizationId: delivery.organization_id,
            url: delivery.url,
            consecutiveFailures: endpoint.consecutive_failures,
            failingSince: (endpoint.failing_since ?? new Date()).toISOString(),
            at: new Date().toISOString(),
          },
          { tenantId: delivery.organization_id },
        );
      }
    });
  }
}
