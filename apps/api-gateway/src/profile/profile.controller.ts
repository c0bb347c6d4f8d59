import { Body, Controller, Get, Patch } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { GetProfile, ProfileReply, UpdateProfile } from '@zagel/contracts';
import { Principal } from '@zagel/identity';
import { CorrelationContext } from '@zagel/observability';
import { CurrentPrincipal, UsersOnly } from '../authentication/access-policy';
import { AuthRpc } from '../service-rpc/service-rpc';
import { RequestCorrelation } from '../service-rpc/request-correlation';
import { UpdateProfileBody } from './dtos/profile.dtos';

@ApiTags('auth')
@ApiBearerAuth('bearer')
@UsersOnly()
@Controller('me')
export class ProfileController {
  constructor(private readonly auth: AuthRpc) {}

  @Get()
  @ApiOperation({ summary: 'The signed-in user and their organizations.' })
  @ApiOkResponse({ type: ProfileReply })
  profile(@RequestCorrelation() correlation: CorrelationContext, @CurrentPrincipal() principal: Principal): Promise<ProfileReply> {
    return this.auth.call(correlation, GetProfile, { userId: principal.userId! });
  }

  @Patch()
  @ApiOperation({ summary: 'Change the name or the password.' })
  @ApiOkResponse({ type: ProfileReply })
  update(
    @RequestCorrelation() correlation: CorrelationContext,
    @CurrentPrincipal() principal: Principal,
    @Body() body: UpdateProfileBody,
  ): Promise<ProfileReply> {
    return this.auth.call(correlation, UpdateProfile, { ...body, userId: principal.userId! });
  }
}
