import { Controller, Get, Module, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags, PickType } from '@nestjs/swagger';
import { MessageContent } from '@zagel/contracts';
import { describePhoneNumber, PhoneNumberDescription } from '@zagel/phone';
import { RequireScopes } from '../authentication/access-policy';
import { AnsweredAtTheEdge, QueryOf } from '../public-http/public-shapes';

/** `defaultCountry` as a send takes it. */
export class PhoneLookupQuery extends QueryOf(PickType(MessageContent, ['defaultCountry'] as const)) {}

@AnsweredAtTheEdge('from the numbering-plan data the gateway ships (@zagel/phone): no service owns it')
export class PhoneNumberResponse {
  @ApiProperty() valid: boolean;
  @ApiProperty({ nullable: true, example: '+201001234567' }) e164: string | null;
  @ApiProperty({ nullable: true, example: 'EG' }) country: string | null;
  @ApiProperty({ example: 'mobile' }) type: string;
  @ApiProperty({ nullable: true, example: 'Vodafone' }) carrier: string | null;
  @ApiPropertyOptional({ example: 'too_short' }) problem?: string;
}

/** Served at the edge: the numbering-plan data ships with the gateway, no service is asked. */
@ApiTags('phone-numbers')
@ApiBearerAuth('bearer')
@Controller('phone-numbers')
export class PhoneNumbersController {
  @Get(':number')
  @RequireScopes()
  @ApiOperation({ summary: 'Whether a number is valid, its E.164 form, country, line type and (allocated) carrier.' })
  @ApiOkResponse({ type: PhoneNumberResponse })
  lookup(@Param('number') number: string, @Query() query: PhoneLookupQuery): Promise<PhoneNumberDescription> {
    return describePhoneNumber(number, query.defaultCountry?.toUpperCase());
  }
}

@Module({ controllers: [PhoneNumbersController] })
export class PhoneNumbersModule {}
