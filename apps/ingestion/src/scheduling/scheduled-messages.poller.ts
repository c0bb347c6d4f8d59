import { Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Poller } from '@zagel/concurrency';
import { BatchTemplate, MessageRequested, MessageStatusChanged, ProviderTemplate } from '@zagel/contracts';
import { Outbox } from '@zagel/database';
import { IngestionConfig } from '../config';
import { laneOf, routingRequest } from '../messages/message-writer';
import { MessageRow, MessagesRepository } from '../messages/messages.repository';
import { OptedOutSends } from '../messages/opted-out-sends';
import { statusCallback } from '../messages/status-callback';
import { TemplatesRepository } from '../templates/templates.repository';
import { WebhooksRepository } from '../webhooks/webhooks.repository';

const BATCH = 500;

/**
 * Releases scheduled messages when they fall due. Every instance polls Postgres; `FOR UPDATE SKIP
 * LOCKED` hands each due message to exactly one of them, and the schedule survives restarts because
 * it lives in the messages table. A message past its expiry is expired instead, and a promotional one
 * to a number that opted out meanwhile canceled (billing releases their reservation on the status event).
 */
@Injectable()
export class ScheduledMessagesPoller implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly poller: Poller;

  constructor(
    private readonly dataSource: DataSource,
    private readonly messages: MessagesRepository,
    private readonly webhooks: WebhooksRepository,
    private readonly optedOut: OptedOutSends,
    private readonly templates: TemplatesRepository,
    private readonly settings: IngestionConfig,
  ) {
    this.poller = new Poller({
      name: 'scheduled-messages',
      intervalMs: settings.SCHEDULER_POLL_INTERVAL_MS,
      task: () => this.releaseDue(),
      runAtStart: true,
    });
  }

  onApplicationBootstrap(): void {
    this.poller.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.poller.stop();
  }

  /** One round; true when the batch was full (more may be due). */
  async releaseDue(): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      const due = await this.messages.claimDue(manager, BATCH);
      if (due.length === 0) return false;
      const at = new Date();
      const expired = due.filter((message) => message.expires_at && message.expires_at <= at);
      // A promotional message whose number opted out since it was scheduled is canceled, not sent.
      const canceled = await this.optedOut.cancel(manager, due.filter((message) => !expired.includes(message)), at);
      const ready = due.filter((message) => !expired.includes(message) && !canceled.has(message.id));

      await this.messages.setStatus(manager, ready.map((message) => message.id), 'queued', at);
      await this.messages.recordHistory(manager, ready.map((message) => historyOf(message, 'queued', at)));
      const providerTemplates = await this.providerTemplates(ready);
      const requests = ready.map((message) =>
        // Released by the clock, many at a time: bulk (unless `high`), so a due batch never crowds the live lane.
        routingRequest(laneOf(message.priority, 'bulk'), {
          id: message.id,
          organizationId: message.organization_id,
          to: message.to_number,
          body: message.body,
          type: message.type,
          routePreference: message.route_preference,
          expiresAt: message.expires_at,
          format: message.format,
          udh: message.udh,
          from: message.sender,
          providerTemplate: providerTemplates.get(message.id),
        }),
      );
      for (const request of requests) {
        await Outbox.add(manager, MessageRequested, request, { tenantId: request.organizationId });
      }

      await this.messages.setStatus(manager, expired.map((message) => message.id), 'expired', at);
      await this.messages.recordHistory(manager, expired.map((message) => historyOf(message, 'expired', at)));
      await this.webhooks.enqueue(
        manager,
        expired.map((message) => statusCallback(message, { status: 'expired', at })),
        this.settings.WEBHOOKS_RETRY_WINDOW_SECONDS,
      );
      for (const message of expired) {
        await Outbox.add(
          manager,
          MessageStatusChanged,
          { messageId: message.id, organizationId: message.organization_id, status: 'expired', origin: 'api', at: at.toISOString() },
          { tenantId: message.organization_id },
        );
      }
      return due.length === BATCH;
    });
  }

  /**
   * What a message that waited with its template's variables goes to providers with: the codes of the
   * version it was rendered from (read once per version), even if the template was deleted meanwhile,
   * as a campaign's recipients do.
   */
  private async providerTemplates(messages: readonly MessageRow[]): Promise<Map<string, ProviderTemplate>> {
    const found = new Map<string, ProviderTemplate>();
    const versions = new Map<string, Promise<BatchTemplate | undefined>>();
    for (const message of messages) {
      if (!message.template_variables || !message.template_id || message.template_version === null) continue;
      const key = `${message.template_id}/${message.template_version}`;
      if (!versions.has(key)) versions.set(key, this.templates.providerCodesOf(message.organization_id, message.template_id, message.template_version));
      const template = await versions.get(key);
      if (template) found.set(message.id, { ...template, variables: message.template_variables });
    }
    return found;
  }
}

function historyOf(message: MessageRow, status: 'queued' | 'expired', at: Date) {
  return { messageId: message.id, organizationId: message.organization_id, status, at };
}
