import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { LowBalancePayload, WebhookEndpointDisabledPayload } from '@zagel/contracts';
import { Inbox } from '@zagel/database';
import { IngestionConfig } from '../config';
import { NewDelivery, WebhooksRepository } from './webhooks.repository';

export const LOW_BALANCE_CALLBACK_EVENT = 'billing.low_balance';
export const ENDPOINT_DISABLED_CALLBACK_EVENT = 'webhook.endpoint_disabled';

const CONSUMER = 'ingestion.organization-notices';

/** What the organization's webhook receives when its balance runs low. */
export function lowBalanceCallback(event: LowBalancePayload): NewDelivery {
  return {
    organizationId: event.organizationId,
    messageId: null,
    callbackUrl: null,
    event: LOW_BALANCE_CALLBACK_EVENT,
    payload: {
      event: LOW_BALANCE_CALLBACK_EVENT,
      timestamp: event.at,
      available: event.available,
      reserved: event.reserved,
      threshold: event.threshold,
      currency: event.currency,
    },
  };
}

/**
 * What the organization's default webhook receives when one of its endpoints is disabled. When the
 * default endpoint is the one disabled, `enqueue` queues nothing for it (it refuses disabled
 * endpoints), and the owners learn it by email only.
 */
export function endpointDisabledCallback(event: WebhookEndpointDisabledPayload): NewDelivery {
  return {
    organizationId: event.organizationId,
    messageId: null,
    callbackUrl: null,
    event: ENDPOINT_DISABLED_CALLBACK_EVENT,
    payload: {
      event: ENDPOINT_DISABLED_CALLBACK_EVENT,
      timestamp: event.at,
      url: event.url,
      consecutiveFailures: event.consecutiveFailures,
      failingSince: event.failingSince,
    },
  };
}

/**
 * Organization notices (`billing.low-balance`, `webhooks.endpoint-disabled`) become signed callbacks
 * to the organization's default webhook, through the same durable queue as status callbacks, once
 * per event.
 */
@Injectable()
export class OrganizationNoticeCallbacks {
  constructor(
    private readonly dataSource: DataSource,
    private readonly webhooks: WebhooksRepository,
    private readonly settings: IngestionConfig,
  ) {}

  async queue(delivery: NewDelivery, eventId: string): Promise<void> {
    await Inbox.runOnce(this.dataSource, CONSUMER, eventId, async (manager) => {
      await this.webhooks.enqueue(manager, [delivery], this.settings.WEBHOOKS_RETRY_WINDOW_SECONDS);
    });
  }
}
