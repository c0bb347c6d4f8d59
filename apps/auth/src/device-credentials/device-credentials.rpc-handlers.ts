import { Injectable, OnModuleInit } from '@nestjs/common';
import { IssueDeviceToken, RevokeDeviceToken } from '@zagel/contracts';
import { Bus } from '@zagel/messaging';
import { IssueDeviceTokenUseCase } from './issue-device-token.use-case';
import { RevokeDeviceTokenUseCase } from './revoke-device-token.use-case';

@Injectable()
export class DeviceCredentialsRpcHandlers implements OnModuleInit {
  constructor(
    private readonly bus: Bus,
    private readonly issue: IssueDeviceTokenUseCase,
    private readonly revoke: RevokeDeviceTokenUseCase,
  ) {}

  onModuleInit(): void {
    this.bus.rpc.handle(IssueDeviceToken, (request) => this.issue.execute(request));
    this.bus.rpc.handle(RevokeDeviceToken, (request) => this.revoke.execute(request));
  }
}
