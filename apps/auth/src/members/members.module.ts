import { Module } from '@nestjs/common';
import { IdentityModule } from '../identity/identity.module';
import { InviteMemberUseCase } from './invite-member.use-case';
import { ListMembersUseCase } from './list-members.use-case';
import { MembersRepository } from './members.repository';
import { MembersRpcHandlers } from './members.rpc-handlers';
import { RemoveMemberUseCase } from './remove-member.use-case';

/** An organization's members: invite, list, remove. */
@Module({
  imports: [IdentityModule],
  providers: [MembersRepository, InviteMemberUseCase, ListMembersUseCase, RemoveMemberUseCase, MembersRpcHandlers],
})
export class MembersModule {}
