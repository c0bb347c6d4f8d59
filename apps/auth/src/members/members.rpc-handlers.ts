import { Injectable, OnModuleInit } from '@nestjs/common';
import { InviteMember, ListMembers, RemoveMember } from '@zagel/contracts';
import { Bus } from '@zagel/messaging';
import { InviteMemberUseCase } from './invite-member.use-case';
import { ListMembersUseCase } from './list-members.use-case';
import { RemoveMemberUseCase } from './remove-member.use-case';

@Injectable()
export class MembersRpcHandlers implements OnModuleInit {
  constructor(
    private readonly bus: Bus,
    private readonly invite: InviteMemberUseCase,
    private readonly list: ListMembersUseCase,
    private readonly remove: RemoveMemberUseCase,
  ) {}

  onModuleInit(): void {
    this.bus.rpc.handle(InviteMember, (request) => this.invite.execute(request));
    this.bus.rpc.handle(ListMembers, (request) => this.list.execute(request));
    this.bus.rpc.handle(RemoveMember, (request) => this.remove.execute(request));
  }
}
