import { CloudWatchLogsClient, FilterLogEventsCommand, ResourceNotFoundException } from '@aws-sdk/client-cloudwatch-logs';
import type { DeliveryReport } from '../provider-adapter';
import { MessageIdFilter, messageIdFilters, snsDeliveryReport } from './sns.delivery-status';
import { awsClientConfig, type SnsSettings } from './sns.settings';

/** How far back a poll looks when it is not told when its messages were sent (SNS may log a status up to 72 h late). */
const DEFAULT_LOOKBACK_MS = 73 * 3_600_000;
/** Our clock and AWS's may differ a little. */
const CLOCK_SKEW_MS = 5 * 60_000;

/**
 * SNS's SMS delivery status log in CloudWatch Logs (the account's delivery status logging): successes in
 * `sns/<region>/<accountId>/DirectPublishToPhoneNumber`, failures in the same name with `/Failure`. Undefined
 * for an account configured without it.
 */
export function snsDeliveryStatusLog(settings: SnsSettings): SnsDeliveryStatusLog | undefined {
  const group = settings.deliveryStatusLogGroup ?? (settings.accountId ? `sns/${settings.region}/${settings.accountId}/DirectPublishToPhoneNumber` : undefined);
  return group ? new SnsDeliveryStatusLog(settings, group) : undefined;
}

export class SnsDeliveryStatusLog {
  private readonly client: CloudWatchLogsClient;
  private readonly groups: string[];

  constructor(
    private readonly settings: SnsSettings,
    successGroup: string,
  ) {
    this.groups = [successGroup, `${successGroup}/Failure`];
    this.client = new CloudWatchLogsClient(awsClientConfig(settings, settings.logsEndpoint));
  }

  /**
   * The logged outcome of these message ids (one FilterLogEvents search per group and pattern, page by page);
   * ids without an event yet are left out. A group SNS has not created yet (no failure so far) holds nothing.
   */
  async reports(messageIds: string[], sentAfter?: Date): Promise<DeliveryReport[]> {
    const startTime = (sentAfter?.getTime() ?? Date.now() - DEFAULT_LOOKBACK_MS) - CLOCK_SKEW_MS;
    const found = new Map<string, DeliveryReport>();
    for (const group of this.groups) {
      const open = messageIds.filter((id) => !found.has(id));
      for (const filter of messageIdFilters(open)) await this.search(group, filter, startTime, found);
    }
    return messageIds.flatMap((id) => found.get(id) ?? []);
  }

  /** Pages through one group's events for one filter, until its ids are all found or the pages end. */
  private async search(logGroupName: string, { filterPattern, messageIds }: MessageIdFilter, startTime: number, found: Map<string, DeliveryReport>): Promise<void> {
    let nextToken: string | undefined;
    do {
      let page;
      try {
        page = await this.client.send(new FilterLogEventsCommand({ logGroupName, filterPattern, startTime, nextToken }), {
          abortSignal: AbortSignal.timeout(this.settings.timeoutMs ?? 15_000),
        });
      } catch (error) {
        if (error instanceof ResourceNotFoundException) return;
        throw error;
      }
      for (const event of page.events ?? []) {
        const report = snsDeliveryReport(event.message, event.timestamp);
        if (report && messageIds.includes(report.providerMessageId)) found.set(report.providerMessageId, report);
      }
      nextToken = messageIds.every((id) => found.has(id)) ? undefined : page.nextToken;
    } while (nextToken);
  }

  close(): void {
    this.client.destroy();
  }
}
