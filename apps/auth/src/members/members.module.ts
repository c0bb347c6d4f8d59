import { Module } from '@nestjs/common';
import { IdentityModule } from '../identity/identity.module';
import { InviteMemberUseCase } from './invite-member.use-case';
import { ListMembersUseCase } from './list-members.use-case';
import { MembersRepository } from './members.repository';
import { MembersController } from './members.controller';
import { RemoveMemberUseCase } from './remove-member.use-case';

/** An organization's members: invite, list, remove. */
@Module({
  imports: [IdentityModule],
  controllers: [MembersController],
  providers: [MembersRepository, InviteMemberUseCase, ListMembersUseCase, RemoveMemberUseCase],
})
export class MembersModule {}
