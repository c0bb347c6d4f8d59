import { Module } from '@nestjs/common';
import { OtpTemplatesRepository } from './otp-templates.repository';
import { OtpTemplatesRpcHandlers } from './otp-templates.rpc-handlers';

/** OTP templates kept in the otp schema (create, list, delete), so a verification never waits on another service. */
@Module({
  providers: [OtpTemplatesRepository, OtpTemplatesRpcHandlers],
  exports: [OtpTemplatesRepository],
})
export class OtpTemplatesModule {}
