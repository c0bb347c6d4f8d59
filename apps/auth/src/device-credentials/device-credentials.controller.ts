import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  IssueDeviceToken,
  IssueDeviceTokenRequest,
  RevokeDeviceToken,
  RevokeDeviceTokenRequest,
} from '@zagel/contracts';
import { IssueDeviceTokenUseCase } from './issue-device-token.use-case';
import { RevokeDeviceTokenUseCase } from './revoke-device-token.use-case';

@Controller()
export class DeviceCredentialsController {
  constructor(
    private readonly issue: IssueDeviceTokenUseCase,
    private readonly revoke: RevokeDeviceTokenUseCase,
  ) {}

  @MessagePattern(IssueDeviceToken.type)
  issueDeviceToken(@Payload() request: IssueDeviceTokenRequest) {
    return this.issue.execute(request);
  }

  @MessagePattern(RevokeDeviceToken.type)
  revokeDeviceToken(@Payload() request: RevokeDeviceTokenRequest) {
    return this.revoke.execute(request);
  }
}
