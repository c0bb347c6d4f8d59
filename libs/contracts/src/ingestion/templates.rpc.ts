import { Type } from 'class-transformer';
import { IsArray, IsDateString, IsInt, IsObject, IsOptional, IsString, IsUUID, Matches, MaxLength, MinLength, ValidateNested } from 'class-validator';
import { PageInfo, PageRequest } from '../auth/auth-views';
import { defineRpc } from '../contract';
import { RpcType } from '../routing-keys';

export const TEMPLATE_CATEGORY_PATTERN = /^[a-z][a-z0-9_-]{0,39}$/;

export class CreateTemplateRequest {
  @IsUUID()
  organizationId: string;

  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name: string;

  /** Free-form label such as `otp`, `marketing`, `alerts`. */
  @IsOptional()
  @Matches(TEMPLATE_CATEGORY_PATTERN)
  category?: string;

  /** Text with `{{variable}}` placeholders. */
  @IsString()
  @MinLength(1)
  @MaxLength(1_600)
  body: string;

  /** Provider-side template codes, e.g. `{smsir: "12345", kavenegar: "verify"}`. */
  @IsOptional()
  @IsObject()
  providerCodes?: Record<string, string>;
}

export class UpdateTemplateRequest {
  @IsUUID()
  organizationId: string;

  @IsUUID()
  templateId: string;

  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name?: string;

  @IsOptional()
  @Matches(TEMPLATE_CATEGORY_PATTERN)
  category?: string;

  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(1_600)
  body?: string;

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
  @IsOptional()
  @IsInt()
  version?: number;
}

export class ListTemplatesRequest extends PageRequest {
  @IsUUID()
  organizationId: string;

  @IsOptional()
  @Matches(TEMPLATE_CATEGORY_PATTERN)
  category?: string;
}

export class TemplateView {
  @IsUUID()
  id: string;

  @IsString()
  name: string;

  @IsOptional()
  @IsString()
  category?: string;

  @IsString()
  body: string;

  @IsArray()
  @IsString({ each: true })
  variables: string[];

  @IsInt()
  version: number;

  /** The current version (differs from `version` when a past one was asked for). */
  @IsInt()
  latestVersion: number;

  @IsObject()
  providerCodes: Record<string, string>;

  @IsInt()
  usageCount: number;

  @IsDateString()
  createdAt: string;

  @IsDateString()
  updatedAt: string;
}

export class TemplatePage extends PageInfo {
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
