import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsArray, IsDateString, IsInt, IsObject, IsOptional, IsString, IsUUID, Matches, MaxLength, Min, MinLength, ValidateNested } from 'class-validator';
import { PageInfo, PageRequest } from '../auth/auth-views';
import { defineRpc } from '../contract';
import { RpcType } from '../routing-keys';

export const TEMPLATE_CATEGORY_PATTERN = /^[a-z][a-z0-9_-]{0,39}$/;

export class CreateTemplateRequest {
  @IsUUID()
  organizationId: string;

  @ApiProperty({ minLength: 1, maxLength: 100, example: 'order shipped' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name: string;

  /** Free-form label such as `otp`, `marketing`, `alerts`. */
  @ApiPropertyOptional({ pattern: TEMPLATE_CATEGORY_PATTERN.source, example: 'alerts', description: 'A label of yours: otp, marketing, alerts...' })
  @IsOptional()
  @Matches(TEMPLATE_CATEGORY_PATTERN)
  category?: string;

  /** Text with `{{variable}}` placeholders. */
  @ApiProperty({ minLength: 1, maxLength: 1_600, example: 'Hi {{name}}, order {{order}} is on its way.', description: 'Text with {{variable}} placeholders.' })
  @IsString()
  @MinLength(1)
  @MaxLength(1_600)
  body: string;

  /** Provider-side template codes, e.g. `{smsir: "12345", kavenegar: "verify"}`. */
  @ApiPropertyOptional({ type: 'object', additionalProperties: { type: 'string' }, example: { smsir: '12345', kavenegar: 'verify' }, description: 'Template codes registered at providers.' })
  @IsOptional()
  @IsObject()
  providerCodes?: Record<string, string>;
}

export class UpdateTemplateRequest {
  @IsUUID()
  organizationId: string;

  @IsUUID()
  templateId: string;

  @ApiPropertyOptional({ minLength: 1, maxLength: 100, example: 'order shipped' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name?: string;

  @ApiPropertyOptional({ pattern: TEMPLATE_CATEGORY_PATTERN.source, example: 'alerts' })
  @IsOptional()
  @Matches(TEMPLATE_CATEGORY_PATTERN)
  category?: string;

  @ApiPropertyOptional({ minLength: 1, maxLength: 1_600, description: 'A new text makes a new version.' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(1_600)
  body?: string;

  @ApiPropertyOptional({ type: 'object', additionalProperties: { type: 'string' }, description: 'New codes make a new version.' })
  @IsOptional()
  @IsObject()
  providerCodes?: Record<string, string>;
}

export class TemplateRef {
  @IsUUID()
  organizationId: string;

  @IsUUID()
  templateId: string;

  /** A past version; the current one when absent. */
  @ApiPropertyOptional({ minimum: 1, example: 2, description: 'A past version; the current one when absent.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number;
}

export class ListTemplatesRequest extends PageRequest {
  @IsUUID()
  organizationId: string;

  @ApiPropertyOptional({ pattern: TEMPLATE_CATEGORY_PATTERN.source, example: 'alerts' })
  @IsOptional()
  @Matches(TEMPLATE_CATEGORY_PATTERN)
  category?: string;
}

export class TemplateView {
  @ApiProperty({ format: 'uuid', example: '0190a6f2-7c3e-7abc-8def-0123456789d0' })
  @IsUUID()
  id: string;

  @ApiProperty({ example: 'order shipped' })
  @IsString()
  name: string;

  @ApiPropertyOptional({ example: 'alerts' })
  @IsOptional()
  @IsString()
  category?: string;

  @ApiProperty({ example: 'Hi {{name}}, order {{order}} is on its way.' })
  @IsString()
  body: string;

  @ApiProperty({ type: [String], example: ['name', 'order'] })
  @IsArray()
  @IsString({ each: true })
  variables: string[];

  @ApiProperty({ example: 2 })
  @IsInt()
  version: number;

  /** The current version (differs from `version` when a past one was asked for). */
  @ApiProperty({ example: 2, description: 'Differs from version when a past one was asked for.' })
  @IsInt()
  latestVersion: number;

  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' }, example: { smsir: '12345' } })
  @IsObject()
  providerCodes: Record<string, string>;

  @ApiProperty({ example: 1200 })
  @IsInt()
  usageCount: number;

  @ApiProperty({ format: 'date-time', example: '2026-11-23T12:00:00.000Z' })
  @IsDateString()
  createdAt: string;

  @ApiProperty({ format: 'date-time', example: '2026-11-24T08:00:00.000Z' })
  @IsDateString()
  updatedAt: string;
}

export class TemplatePage extends PageInfo {
  @ApiProperty({ type: () => [TemplateView] })
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => TemplateView)
  items: TemplateView[];
}

export class DeletedTemplate {
  @IsUUID()
  id: string;
}

export const CreateTemplate = defineRpc(RpcType.CreateTemplate, 1, CreateTemplateRequest, TemplateView);
export const UpdateTemplate = defineRpc(RpcType.UpdateTemplate, 1, UpdateTemplateRequest, TemplateView);
export const GetTemplate = defineRpc(RpcType.GetTemplate, 1, TemplateRef, TemplateView);
export const ListTemplates = defineRpc(RpcType.ListTemplates, 1, ListTemplatesRequest, TemplatePage);
export const DeleteTemplate = defineRpc(RpcType.DeleteTemplate, 1, TemplateRef, DeletedTemplate);
