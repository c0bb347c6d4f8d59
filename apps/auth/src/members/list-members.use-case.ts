import { Injectable } from '@nestjs/common';
import { ListMembersRequest, MemberList } from '@zagel/contracts';
import { toMemberView } from '../identity/identity.views';
import { MembersRepository } from './members.repository';

@Injectable()
export class ListMembersUseCase {
  constructor(private readonly members: MembersRepository) {}

  async execute(request: ListMembersRequest): Promise<MemberList> {
    const members = await this.members.members(request.organizationId);
    return { items: members.map(({ membership, user }) => toMemberView(membership, user)) };
  }
}
