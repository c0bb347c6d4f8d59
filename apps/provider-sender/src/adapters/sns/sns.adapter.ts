import { PublishCommand, SNSClient, type MessageAttributeValue } from '@aws-sdk/client-sns';
import type {
  DeliveryReport,
  OutboundSms,
  ProviderAdapter,
  ProviderAdapterFactory,
  SubmitResult,
} from '../provider-adapter';
import { SnsDeliveryStatusLog, snsDeliveryStatusLog } from './sns.delivery-status-log';
import { snsError } from './sns.errors';
import { awsClientConfig, SnsSettings } from './sns.settings';

/** SNS reports SMS outcomes only to CloudWatch Logs (delivery status logging), never to a per-message webhook. */
export const SNS_HAS_NO_REPORT_WEBHOOK = 'AWS SNS has no per-message delivery report webhook (it logs SMS delivery status to CloudWatch)';

class SnsAdapter implements ProviderAdapter {
  readonly kind = 'sns' as const;
  /** SNS accepts up to 1600 bytes of text and splits it itself; 10 segments covers that for GSM-7. */
  readonly maxSegments = 10;
  private readonly client: SNSClient;

  constructor(private readonly settings: SnsSettings) {
    this.client = new SNSClient(awsClientConfig(settings, settings.endpoint));
  }

  async send(sms: OutboundSms): Promise<SubmitResult> {
    const attributes: Record<string, MessageAttributeValue> = {
      'AWS.SNS.SMS.SMSType': { DataType: 'String', StringValue: this.settings.smsType ?? 'Transactional' },
    };
    const senderId = sms.from ?? this.settings.senderId;
    if (senderId) attributes['AWS.SNS.SMS.SenderID'] = { DataType: 'String', StringValue: senderId };
    try {
      const result = await this.client.send(
        new PublishCommand({ PhoneNumber: sms.to, Message: sms.body, MessageAttributes: attributes }),
        { abortSignal: AbortSignal.timeout(this.settings.timeoutMs ?? 15_000) },
      );
      if (!result.MessageId) throw snsError(Object.assign(new Error('SNS answered without a MessageId'), { $metadata: { httpStatusCode: 502 } }));
      return { providerMessageId: result.MessageId };
    } catch (error) {
      throw snsError(error);
    }
  }

  verifyReport(): boolean {
    return false;
  }

  parseReport(): DeliveryReport[] {
    throw new Error(SNS_HAS_NO_REPORT_WEBHOOK);
  }

  async close(): Promise<void> {
    this.client.destroy();
  }
}

/** An account with SMS delivery status logging: its messages' outcomes are polled from CloudWatch Logs. */
class PolledSnsAdapter extends SnsAdapter {
  /** 14 SNS message ids (UUIDs) fill one FilterLogEvents pattern (at most 1024 characters). */
  readonly pollBatchSize = 14;

  constructor(
    settings: SnsSettings,
    private readonly deliveryStatus: SnsDeliveryStatusLog,
  ) {
    super(settings);
  }

  pollReports(providerMessageIds: string[], sentAfter?: Date): Promise<DeliveryReport[]> {
    return this.deliveryStatus.reports(providerMessageIds, sentAfter);
  }

  override async close(): Promise<void> {
    this.deliveryStatus.close();
    await super.close();
  }
}

export const snsAdapterFactory: ProviderAdapterFactory<SnsSettings> = {
  kind: 'sns',
  settingsClass: SnsSettings,
  secretSettings: ['secretAccessKey', 'sessionToken'],
  create: (settings) => {
    const deliveryStatus = snsDeliveryStatusLog(settings);
    return deliveryStatus ? new PolledSnsAdapter(settings, deliveryStatus) : new SnsAdapter(settings);
  },
};
