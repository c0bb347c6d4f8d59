import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { Principal } from '@zagel/identity';
import { CurrentPrincipal } from '../authentication/access-policy';
import { AnsweredAtTheEdge } from '../public-http/public-shapes';

@AnsweredAtTheEdge('who the credential belongs to: the edge asks no service')
export class PingResponse {
  @ApiPropertyOptional({ example: '0190a6f2-7c3e-7abc-8def-0123456789ac' }) organizationId?: string;
  @ApiProperty({ enum: ['user', 'api_key'], example: 'api_key' }) kind: Principal['kind'];
}

/** An authenticated no-op: checks a credential, and measures the edge's own overhead. */
@ApiTags('ping')
@ApiBearerAuth('bearer')
@ApiSecurity('apiKey')
@Controller('ping')
export class PingController {
  @Get()
  @ApiOperation({ summary: 'Answers who the credential belongs to; does nothing else.' })
  @ApiOkResponse({ type: PingResponse })
  ping(@CurrentPrincipal() principal: Principal): PingResponse {
    return { organizationId: principal.organizationId, kind: principal.kind };
  }
}
