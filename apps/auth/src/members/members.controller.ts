import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  InviteMember,
  InviteMemberRequest,
  ListMembers,
  ListMembersRequest,
  RemoveMember,
  RemoveMemberRequest,
} from '@zagel/contracts';
import { InviteMemberUseCase } from './invite-member.use-case';
import { ListMembersUseCase } from './list-members.use-case';
import { RemoveMemberUseCase } from './remove-member.use-case';

@Controller()
export class MembersController {
  constructor(
    private readonly invite: InviteMemberUseCase,
    private readonly list: ListMembersUseCase,
    private readonly remove: RemoveMemberUseCase,
  ) {}

  @MessagePattern(InviteMember.type)
  inviteMember(@Payload() request: InviteMemberRequest) {
    return this.invite.execute(request);
  }

  @MessagePattern(ListMembers.type)
  listMembers(@Payload() request: ListMembersRequest) {
    return this.list.execute(request);
  }

  @MessagePattern(RemoveMember.type)
  removeMember(@Payload() request: RemoveMemberRequest) {
    return this.remove.execute(request);
  }
}
