import { IsIn, IsInt, IsOptional, IsString, IsUrl, Matches, Max, Min } from 'class-validator';

/** One AWS account (IAM user) publishing SMS through SNS. */
export class SnsSettings {
  @Matches(/^[a-z]{2}(-[a-z]+)+-\d$/)
  region: string;

  @IsString()
  accessKeyId: string;

  @IsString()
  secretAccessKey: string;

  @IsOptional()
  @IsString()
  sessionToken?: string;

  /** `AWS.SNS.SMS.SenderID` where the destination country supports alphanumeric senders. */
  @IsOptional()
  @Matches(/^[A-Za-z0-9]{1,11}$/)
  senderId?: string;

  @IsOptional()
  @IsIn(['Transactional', 'Promotional'])
  smsType?: 'Transactional' | 'Promotional';

  /** Replaces `https://sns.<region>.amazonaws.com`. */
  @IsOptional()
  @IsUrl({ require_tld: false, protocols: ['http', 'https'] })
  endpoint?: string;

  /**
   * The AWS account's 12-digit id: with SMS delivery status logging on, SNS writes each SMS's outcome to the
   * CloudWatch Logs groups `sns/<region>/<accountId>/DirectPublishToPhoneNumber` (and `.../Failure`), which
   * are then polled. Absent (and no `deliveryStatusLogGroup`): SNS messages are not polled and stay `sent`.
   */
  @IsOptional()
  @Matches(/^\d{12}$/)
  accountId?: string;

  /** The success log group when it is not the default `sns/<region>/<accountId>/DirectPublishToPhoneNumber`; failures are in `<group>/Failure`. */
  @IsOptional()
  @Matches(/^[\w./#-]{1,512}$/)
  deliveryStatusLogGroup?: string;

  /** Replaces `https://logs.<region>.amazonaws.com` for the delivery status polls. */
  @IsOptional()
  @IsUrl({ require_tld: false, protocols: ['http', 'https'] })
  logsEndpoint?: string;

  @IsOptional()
  @IsInt()
  @Min(1000)
  @Max(120_000)
  timeoutMs?: number;
}

/**
 * What an AWS SDK client of this account is built from: its region and key, `endpoint` in place of
 * AWS's, and one attempt (a failed call is retried by whoever made it: the sender core or the poll schedule).
 */
export function awsClientConfig(settings: SnsSettings, endpoint: string | undefined) {
  return {
    region: settings.region,
    credentials: {
      accessKeyId: settings.accessKeyId,
      secretAccessKey: settings.secretAccessKey,
      ...(settings.sessionToken ? { sessionToken: settings.sessionToken } : {}),
    },
    maxAttempts: 1,
    ...(endpoint ? { endpoint } : {}),
  };
}
