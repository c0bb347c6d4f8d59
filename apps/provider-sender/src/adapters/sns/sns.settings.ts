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

  @IsOptional()
  @IsInt()
  @Min(1000)
  @Max(120_000)
  timeoutMs?: number;
}
