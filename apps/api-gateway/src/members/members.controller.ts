import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { InvitationReply, InviteMember, ListMembers, MemberList, RemoveMember } from '@zagel/contracts';
import { Principal } from '@zagel/identity';
import { CorrelationContext } from '@zagel/observability';
import { CurrentPrincipal, RequireRoles } from '../authentication/access-policy';
import { AuthRpc } from '../service-rpc/service-rpc';
import { RequestCorrelation } from '../service-rpc/request-correlation';
import { Idempotent } from '../idempotency/idempotent.decorator';
import { InviteMemberBody } from './dtos/member.dtos';

@ApiTags('organization')
@ApiBearerAuth('bearer')
@Controller('organization/members')
export class MembersController {
  constructor(private readonly auth: AuthRpc) {}

  @Post()
  @Idempotent()
  @RequireRoles('owner', 'admin')
  @ApiOperation({ summary: 'Add a member: an existing user joins at once, a new email gets an invitation.' })
  @ApiCreatedResponse({ type: InvitationReply })
  invite(
    @RequestCorrelation() correlation: CorrelationContext,
    @CurrentPrincipal() principal: Principal,
    @Body() body: InviteMemberBody,
  ): Promise<InvitationReply> {
    return this.auth.call(correlation, InviteMember, { ...body, organizationId: principal.organizationId!, invitedBy: principal.userId! });
  }

  @Get()
  @RequireRoles('owner', 'admin', 'member')
  @ApiOperation({ summary: "The organization's members and their roles." })
  @ApiOkResponse({ type: MemberList })
  list(@RequestCorrelation() correlation: CorrelationContext, @CurrentPrincipal() principal: Principal): Promise<MemberList> {
    return this.auth.call(correlation, ListMembers, { organizationId: principal.organizationId! });
  }

  @Delete(':userId')
  @HttpCode(HttpStatus.NO_CONTENT)
  @RequireRoles('owner', 'admin')
  @ApiOperation({ summary: 'Remove a member (the last owner cannot be removed).' })
  @ApiNoContentResponse()
  async remove(
    @RequestCorrelation() correlation: CorrelationContext,
    @CurrentPrincipal() principal: Principal,
    @Param('userId', ParseUUIDPipe) userId: string,
  ): Promise<void> {
    await this.auth.call(correlation, RemoveMember, { organizationId: principal.organizationId!, userId, removedBy: principal.userId! });
  }
}
