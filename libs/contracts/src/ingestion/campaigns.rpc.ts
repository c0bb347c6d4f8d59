import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsArray, IsDateString, IsIn, IsInt, IsObject, IsOptional, IsString, IsUUID, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { PageInfo, PageRequest } from '../auth/auth-views';
import { defineRpc } from '../contract';
import { MESSAGE_TYPES, MessageType, ROUTE_PREFERENCES, RoutePreference } from '../messages/message-types';
import { RpcType } from '../routing-keys';
import { CampaignOptions } from './campaigns-options';

export const CAMPAIGN_STATUSES = ['draft', 'scheduled', 'running', 'paused', 'completed', 'canceled', 'failed'] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];
export const FINAL_CAMPAIGN_STATUSES: readonly CampaignStatus[] = ['completed', 'canceled', 'failed'];

/** The most bytes of CSV one upload chunk carries over the bus (cut at a record boundary). */
export const MAX_UPLOAD_CHUNK_CHARS = 4 * 1024 * 1024;

export class CampaignTotals {
  @ApiProperty({ example: 1_000, description: 'Data rows in the file.' })
  @IsInt()
  rows: number;

  @ApiProperty({ example: 950, description: 'Recipients the campaign sends to.' })
  @IsInt()
  accepted: number;

  @ApiProperty({ example: 20, description: 'Rows refused (GET /v1/campaigns/{id}/errors says why).' })
  @IsInt()
  rejected: number;

  @ApiProperty({ example: 25 })
  @IsInt()
  duplicates: number;

  @ApiProperty({ example: 5, description: 'Numbers that opted out of promotional messages.' })
  @IsInt()
  optedOut: number;
}

export class CampaignEstimate {
  @ApiProperty({ example: 950 })
  @IsInt()
  messages: number;

  @ApiProperty({ example: 1_020 })
  @IsInt()
  segments: number;

  @ApiProperty({ example: 5_100, description: 'Minor units of currency.' })
  @IsInt()
  price: number;

  @ApiProperty({ example: 'USD' })
  @IsString()
  currency: string;
}

export class CampaignCounters {
  @ApiProperty({ example: 0, description: 'Handed to the router, not sent yet.' })
  @IsInt()
  queued: number;

  @ApiProperty({ example: 0 })
  @IsInt()
  sent: number;

  @ApiProperty({ example: 0 })
  @IsInt()
  delivered: number;

  @ApiProperty({ example: 0 })
  @IsInt()
  failed: number;

  @ApiProperty({ example: 0 })
  @IsInt()
  undelivered: number;

  @ApiProperty({ example: 0 })
  @IsInt()
  canceled: number;

  @ApiProperty({ example: 0 })
  @IsInt()
  expired: number;
}

export class CampaignPreviewRow {
  @ApiProperty({ example: 2, description: 'Line in the file (the header is line 1).' })
  @IsInt()
  line: number;

  @ApiProperty({ example: '+14155550123' })
  @IsString()
  to: string;

  @ApiProperty({ example: 'Hi Nour, 20% off today.' })
  @IsString()
  body: string;

  @ApiProperty({ example: 1 })
  @IsInt()
  segments: number;
}

export class CampaignView {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  id: string;

  @ApiProperty({ example: 'December sale' })
  @IsString()
  name: string;

  @ApiProperty({ enum: CAMPAIGN_STATUSES, example: 'draft' })
  @IsIn(CAMPAIGN_STATUSES)
  status: CampaignStatus;

  @ApiProperty({ enum: MESSAGE_TYPES, example: 'promotional' })
  @IsIn(MESSAGE_TYPES)
  type: MessageType;

  @ApiProperty({ enum: ROUTE_PREFERENCES, example: 'providers' })
  @IsIn(ROUTE_PREFERENCES)
  route: RoutePreference;

  @ApiProperty({ type: () => CampaignTotals })
  @ValidateNested()
  @Type(() => CampaignTotals)
  totals: CampaignTotals;

  @ApiProperty({ type: () => CampaignEstimate })
  @ValidateNested()
  @Type(() => CampaignEstimate)
  estimate: CampaignEstimate;

  @ApiProperty({ type: () => CampaignCounters })
  @ValidateNested()
  @Type(() => CampaignCounters)
  counters: CampaignCounters;

  @ApiProperty({ example: 0, description: 'Minor units held for it now.' })
  @IsInt()
  reserved: number;

  @ApiProperty({ example: 0, description:
      'Minor units charged: the price of every message handed to a carrier or a phone (sent, delivered or undelivered, or failed after it was sent), as for a single message. Final once nothing is queued.', })
  @IsInt()
  spent: number;

  @ApiPropertyOptional({ example: 50, description: 'Messages a second over the last few seconds.' })
  @IsOptional()
  @IsInt()
  rate?: number;

  @ApiPropertyOptional({ example: 120, description: 'Seconds until every recipient is handed out, at the current rate.' })
  @IsOptional()
  @IsInt()
  etaSeconds?: number;

  @ApiPropertyOptional({ minimum: 1, example: 50 })
  @IsOptional()
  @IsInt()
  ratePerSecond?: number;

  @ApiPropertyOptional({ type: () => [CampaignPreviewRow], description: 'The first rows rendered (on creation).' })
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => CampaignPreviewRow)
  preview?: CampaignPreviewRow[];

  @ApiPropertyOptional({ format: 'date-time' })
  @IsOptional()
  @IsDateString()
  scheduleAt?: string;

  @ApiProperty({ format: 'date-time' })
  @IsDateString()
  createdAt: string;

  @ApiPropertyOptional({ format: 'date-time' })
  @IsOptional()
  @IsDateString()
  startedAt?: string;

  @ApiPropertyOptional({ format: 'date-time' })
  @IsOptional()
  @IsDateString()
  completedAt?: string;

  @ApiProperty({ format: 'date-time' })
  @IsDateString()
  updatedAt: string;
}

/** The first chunk of an upload: the options, and the file from its first byte (header row included). */
export class BeginCampaignUploadRequest {
  @IsUUID()
  organizationId: string;

  @IsObject()
  @ValidateNested()
  @Type(() => CampaignOptions)
  options: CampaignOptions;

  @IsString()
  @MaxLength(MAX_UPLOAD_CHUNK_CHARS)
  text: string;
}

export class UploadStarted {
  @IsUUID()
  uploadId: string;

  @IsInt()
  records: number;
}

/** A further piece of the file: whole records only, starting at `firstLine` of the file. */
export class CampaignUploadChunkRequest {
  @IsUUID()
  organizationId: string;

  @IsUUID()
  uploadId: string;

  @IsInt()
  @Min(1)
  firstLine: number;

  @IsString()
  @MaxLength(MAX_UPLOAD_CHUNK_CHARS)
  text: string;
}

export class UploadChunkTaken {
  @IsInt()
  records: number;
}

export class UploadRef {
  @IsUUID()
  organizationId: string;

  @IsUUID()
  uploadId: string;
}

export class CampaignRef {
  @IsUUID()
  organizationId: string;

  @IsUUID()
  campaignId: string;
}

export class UploadAborted {
  @IsUUID()
  uploadId: string;
}

export class ListCampaignsRequest extends PageRequest {
  @IsUUID()
  organizationId: string;

  @ApiPropertyOptional({ enum: CAMPAIGN_STATUSES })
  @IsOptional()
  @IsIn(CAMPAIGN_STATUSES)
  status?: CampaignStatus;

  @ApiPropertyOptional({ maxLength: 200, description: 'Part of the name, any case.' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Created at or after.' })
  @IsOptional()
  @IsDateString()
  from?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Created before.' })
  @IsOptional()
  @IsDateString()
  until?: string;
}

export class CampaignPage extends PageInfo {
  @ApiProperty({ type: () => [CampaignView] })
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => CampaignView)
  items: CampaignView[];
}

/** A page of a report, in line order, after the `nextAfter` of the previous page. */
export class CampaignReportPageRequest extends CampaignRef {
  @IsOptional()
  @IsInt()
  @Min(0)
  after?: number;

  @IsInt()
  @Min(1)
  @Max(10_000)
  limit: number;
}

/** Rows as arrays in the report's column order (compact: a report may be a million rows). */
export class CampaignReportPage {
  @IsArray()
  rows: (string | number)[][];

  @IsOptional()
  @IsInt()
  nextAfter?: number;
}

export class CampaignStatusChange {
  @IsIn(CAMPAIGN_STATUSES)
  status: CampaignStatus;

  @IsInt()
  version: number;

  @IsDateString()
  at: string;
}

/** What a progress stream needs: the campaign, its version, and the status changes after `afterVersion`. */
export class CampaignProgressRequest extends CampaignRef {
  @IsOptional()
  @IsInt()
  @Min(0)
  afterVersion?: number;
}

export class CampaignProgress {
  @ValidateNested()
  @Type(() => CampaignView)
  campaign: CampaignView;

  @IsInt()
  version: number;

  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => CampaignStatusChange)
  statusChanges: CampaignStatusChange[];
}

/** One line of `GET /v1/campaigns/{id}/errors` (CSV, in this column order). */
export class CampaignErrorRow {
  @ApiProperty({ example: 7 })
  @IsInt()
  line: number;

  @ApiProperty({ example: '+1415555' })
  @IsString()
  phone: string;

  @ApiProperty({ example: 'invalid_phone_number' })
  @IsString()
  code: string;

  @ApiProperty({ example: 'The value is not a phone number.' })
  @IsString()
  reason: string;
}

/** One line of `GET /v1/campaigns/{id}/report` (CSV, in this column order); empty cells for what is not known yet. */
export class CampaignRecipientRow {
  @ApiProperty({ example: 2 })
  @IsInt()
  line: number;

  @ApiProperty({ example: '+14155550123' })
  @IsString()
  phone: string;

  @ApiProperty({ example: '0190a6f2-7c3e-7abc-8def-0123456789c0', description: 'Empty until the recipient is handed out.' })
  @IsString()
  messageId: string;

  @ApiProperty({ example: 'delivered', description: 'A message status, or pending before it is handed out.' })
  @IsString()
  status: string;

  @ApiProperty({ example: '' })
  @IsString()
  errorCode: string;

  @ApiProperty({ example: 1 })
  @IsInt()
  segments: number;

  @ApiProperty({ example: 5, description: 'Minor units of the campaign currency.' })
  @IsInt()
  price: number;

  @ApiProperty({ example: '2026-12-01T09:00:01.000Z' })
  @IsString()
  sentAt: string;

  @ApiProperty({ example: '2026-12-01T09:00:03.000Z' })
  @IsString()
  deliveredAt: string;
}

export const ERRORS_REPORT_COLUMNS = ['line', 'phone', 'code', 'reason'] as const;
export const RECIPIENTS_REPORT_COLUMNS = ['line', 'phone', 'messageId', 'status', 'errorCode', 'segments', 'price', 'sentAt', 'deliveredAt'] as const;

export const BeginCampaignUpload = defineRpc(RpcType.BeginCampaignUpload, 1, BeginCampaignUploadRequest, UploadStarted);
export const UploadCampaignChunk = defineRpc(RpcType.UploadCampaignChunk, 1, CampaignUploadChunkRequest, UploadChunkTaken);
export const FinishCampaignUpload = defineRpc(RpcType.FinishCampaignUpload, 1, UploadRef, CampaignView);
export const AbortCampaignUpload = defineRpc(RpcType.AbortCampaignUpload, 1, UploadRef, UploadAborted);
export const GetCampaign = defineRpc(RpcType.GetCampaign, 1, CampaignRef, CampaignView);
export const ListCampaigns = defineRpc(RpcType.ListCampaigns, 1, ListCampaignsRequest, CampaignPage);
export const StartCampaign = defineRpc(RpcType.StartCampaign, 1, CampaignRef, CampaignView);
export const PauseCampaign = defineRpc(RpcType.PauseCampaign, 1, CampaignRef, CampaignView);
export const ResumeCampaign = defineRpc(RpcType.ResumeCampaign, 1, CampaignRef, CampaignView);
export const CancelCampaign = defineRpc(RpcType.CancelCampaign, 1, CampaignRef, CampaignView);
export const GetCampaignProgress = defineRpc(RpcType.GetCampaignProgress, 1, CampaignProgressRequest, CampaignProgress);
export const ReadCampaignErrors = defineRpc(RpcType.ReadCampaignErrors, 1, CampaignReportPageRequest, CampaignReportPage);
export const ReadCampaignReport = defineRpc(RpcType.ReadCampaignReport, 1, CampaignReportPageRequest, CampaignReportPage);
