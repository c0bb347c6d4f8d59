import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AllowanceClosed, CloseAllowanceRequest } from '@zagel/contracts';
import { AllowancesRepository } from './allowances.repository';
import { SettleAllowance } from './settle-allowance';

/** Closes the organization's open allowance: what was spent is captured, the rest returned to the wallet. */
@Injectable()
export class CloseAllowanceUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly allowances: AllowancesRepository,
    private readonly settleAllowance: SettleAllowance,
  ) {}

  async execute({ organizationId }: CloseAllowanceRequest): Promise<AllowanceClosed> {
    const open = await this.allowances.openOf(this.dataSource.manager, organizationId);
    if (!open) return { organizationId, captured: 0, returned: 0 };
    await this.settleAllowance.settle({ id: open.id, organizationId, seq: Number(open.seq) }, true);
    const closed = (await this.allowances.find(this.dataSource.manager, open.id))!;
    return { organizationId, allowanceId: open.id, captured: Number(closed.captured), returned: Number(closed.returned) };
  }
}
