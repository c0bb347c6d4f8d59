import { Logger, Module } from '@nestjs/common';
import { BillingClient, PrepaidAllowance } from '@zagel/billing-client';
import { BusClient, busClientToken, BusClientsModule } from '@zagel/messaging';
import { REDIS_CLIENT, RedisClient, RedisKeys } from '@zagel/redis';
import { OtpConfig } from '../config';
import { FraudGuard } from '../fraud-guard/fraud-guard';
import { SlidingWindows } from '../fraud-guard/sliding-windows';
import { VerificationSettingsModule } from '../settings/verification-settings.module';
import { OtpTemplatesModule } from '../templates/otp-templates.module';
import { CancelVerificationUseCase } from './cancel-verification.use-case';
import { CheckVerificationUseCase } from './check-verification.use-case';
import { CodeSecrets } from './code-secrets';
import { CodeSessions } from './code-sessions';
import { CodeStore } from './code-store';
import { ExpirySweeper } from './expiry-sweeper';
import { GetVerificationUseCase } from './get-verification.use-case';
import { ListVerificationsUseCase } from './list-verifications.use-case';
import { PublishedMessageScrubber } from './published-message-scrubber';
import { RecordSendStatusUseCase } from './record-send-status.use-case';
import { ResendCooldown } from './resend-cooldown';
import { ResendVerificationUseCase } from './resend-verification.use-case';
import { SendReservation } from './send-reservation';
import { StartVerificationUseCase } from './start-verification.use-case';
import { VerificationLookup } from './verification-lookup';
import { VerificationTransitions } from './verification-transitions';
import { VerificationsRepository } from './verifications.repository';
import { VerificationsController } from './verifications.controller';

const allowanceLogger = new Logger(PrepaidAllowance.name);

/** Verification sessions: start, check, resend, cancel, read, list; send reports; expiry. */
@Module({
  imports: [VerificationSettingsModule, OtpTemplatesModule, BusClientsModule.register('billing')],
  controllers: [VerificationsController],
  providers: [
    VerificationsRepository,
    CodeSecrets,
    CodeStore,
    CodeSessions,
    ResendCooldown,
    SlidingWindows,
    FraudGuard,
    {
      provide: BillingClient,
      useFactory: (billing: BusClient, config: OtpConfig) =>
        new BillingClient(billing, { timeoutMs: config.OTP_BILLING_TIMEOUT_MS, quoteCacheMs: config.OTP_QUOTE_CACHE_MS }),
      inject: [busClientToken('billing'), OtpConfig],
    },
    {
      provide: PrepaidAllowance,
      useFactory: (redis: RedisClient, keys: RedisKeys, billing: BusClient, config: OtpConfig) =>
        new PrepaidAllowance({
          redis,
          keys,
          rpc: billing,
          lowWater: config.OTP_ALLOWANCE_LOW_WATER,
          ...(config.OTP_ALLOWANCE_REFILL_AMOUNT > 0 ? { refillAmount: config.OTP_ALLOWANCE_REFILL_AMOUNT } : {}),
          onRefillError: (organizationId, error) =>
            allowanceLogger.warn(`allowance refill for ${organizationId} failed: ${error instanceof Error ? error.message : String(error)}`),
        }),
      inject: [REDIS_CLIENT, RedisKeys, busClientToken('billing'), OtpConfig],
    },
    SendReservation,
    VerificationTransitions,
    VerificationLookup,
    StartVerificationUseCase,
    CheckVerificationUseCase,
    ResendVerificationUseCase,
    CancelVerificationUseCase,
    GetVerificationUseCase,
    ListVerificationsUseCase,
    RecordSendStatusUseCase,
    ExpirySweeper,
    PublishedMessageScrubber,
  ],
})
export class VerificationsModule {}
