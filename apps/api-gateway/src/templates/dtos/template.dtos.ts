import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsObject, IsOptional, IsString, Matches, MaxLength, Min, MinLength } from 'class-validator';
import { TEMPLATE_CATEGORY_PATTERN } from '@zagel/contracts';
import { PageQuery } from '../../api-keys/dtos/api-key.dtos';

export class CreateTemplateBody {
  @ApiProperty({ example: 'order shipped' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name: string;

  @ApiPropertyOptional({ example: 'alerts' })
  @IsOptional()
  @Matches(TEMPLATE_CATEGORY_PATTERN)
  category?: string;

  @ApiProperty({ example: 'Hi {{name}}, order {{order}} is on its way.' })
  @IsString()
  @MinLength(1)
  @MaxLength(1_600)
  body: string;

  @ApiPropertyOptional({ example: { smsir: '12345', kavenegar: 'verify' }, description: 'Template codes registered at providers' })
  @IsOptional()
  @IsObject()
  providerCodes?: Record<string, string>;
}

export class UpdateTemplateBody {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Matches(TEMPLATE_CATEGORY_PATTERN)
  category?: string;

  @ApiPropertyOptional({ description: 'A new text makes a new version' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(1_600)
  body?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsObject()
  providerCodes?: Record<string, string>;
}

export class ListTemplatesQuery extends PageQuery {
  @ApiPropertyOptional()
  @IsOptional()
  @Matches(TEMPLATE_CATEGORY_PATTERN)
  category?: string;
}

export class TemplateVersionQuery {
  @ApiPropertyOptional({ description: 'A past version; the current one when absent' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  version?: number;
}

export class TemplateResponse {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
  @ApiPropertyOptional() category?: string;
  @ApiProperty() body: string;
  @ApiProperty({ type: [String] }) variables: string[];
  @ApiProperty() version: number;
  @ApiProperty() latestVersion: number;
  @ApiProperty({ example: { smsir: '12345' } }) providerCodes: Record<string, string>;
  @ApiProperty() usageCount: number;
  @ApiProperty() createdAt: string;
  @ApiProperty() updatedAt: string;
}

export class TemplatePageResponse {
  @ApiProperty({ type: [TemplateResponse] }) items: TemplateResponse[];
  @ApiPropertyOptional() nextCursor?: string;
}
