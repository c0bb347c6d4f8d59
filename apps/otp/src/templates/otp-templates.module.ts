import { Module } from '@nestjs/common';
import { OtpTemplatesRepository } from './otp-templates.repository';
import { OtpTemplatesController } from './otp-templates.controller';

/** OTP templates kept in the otp schema (create, list, delete), so a verification never waits on another service. */
@Module({
  controllers: [OtpTemplatesController],
  providers: [OtpTemplatesRepository],
  exports: [OtpTemplatesRepository],
})
export class OtpTemplatesModule {}
