import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Module, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsString, Length, MaxLength } from 'class-validator';
import { AddOptOut, ListOptOuts, RemoveOptOut } from '@zagel/contracts';
import { Principal } from '@zagel/identity';
import { PageQuery } from '../api-keys/dtos/api-key.dtos';
import { CurrentPrincipal, RequireScopes } from '../authentication/access-policy';
import { ServiceRpc } from '../service-rpc/service-rpc';

export class AddOptOutBody {
  @ApiProperty({ example: '+14155550123' })
  @IsString()
  @MaxLength(64)
  phoneNumber: string;

  @ApiPropertyOptional({ example: 'EG' })
  @IsOptional()
  @Length(2, 2)
  defaultCountry?: string;

  @ApiPropertyOptional({ example: 'replied STOP' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  reason?: string;
}

export class OptOutResponse {
  @ApiProperty() phoneNumber: string;
  @ApiPropertyOptional() reason?: string;
  @ApiProperty() createdAt: string;
}

export class OptOutPageResponse {
  @ApiProperty({ type: [OptOutResponse] }) items: OptOutResponse[];
  @ApiPropertyOptional() nextCursor?: string;
}

/** Numbers that opted out of the organization's promotional messages. */
@ApiTags('opt-outs')
@ApiBearerAuth('bearer')
@Controller('opt-outs')
export class OptOutsController {
  constructor(private readonly rpc: ServiceRpc) {}

  @Get()
  @RequireScopes('messages:read')
  @ApiOkResponse({ type: OptOutPageResponse })
  list(@CurrentPrincipal() principal: Principal, @Query() query: PageQuery): Promise<OptOutPageResponse> {
    return this.rpc.call('ingestion', ListOptOuts, { ...query, organizationId: principal.organizationId! });
  }

  @Post()
  @RequireScopes('messages:send')
  @ApiOperation({ summary: 'Add a number (E.164, or national with defaultCountry).' })
  @ApiCreatedResponse({ type: OptOutResponse })
  add(@CurrentPrincipal() principal: Principal, @Body() body: AddOptOutBody): Promise<OptOutResponse> {
    return this.rpc.call('ingestion', AddOptOut, { ...body, organizationId: principal.organizationId! });
  }

  @Delete(':phoneNumber')
  @HttpCode(HttpStatus.NO_CONTENT)
  @RequireScopes('messages:send')
  @ApiNoContentResponse()
  async remove(@CurrentPrincipal() principal: Principal, @Param('phoneNumber') phoneNumber: string): Promise<void> {
    await this.rpc.call('ingestion', RemoveOptOut, { organizationId: principal.organizationId!, phoneNumber });
  }
}

@Module({ controllers: [OptOutsController] })
export class OptOutsModule {}
