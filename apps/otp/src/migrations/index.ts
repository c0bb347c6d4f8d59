import { platformMigrations } from '@zagel/database';
import { CreateOtpSchema1764200000000 } from './1764200000000-create-otp-schema';
import { SendPriceHold1764400000000 } from './1764400000000-send-price-hold';
import { VerificationsNewestFirst1765600000000 } from './1765600000000-verifications-newest-first';
import { ProviderVerifyTemplates1767300100016 } from './1767300100016-provider-verify-templates';

/** Every migration of the otp schema, oldest first. */
export const otpMigrations = [...platformMigrations, CreateOtpSchema1764200000000, SendPriceHold1764400000000, VerificationsNewestFirst1765600000000, ProviderVerifyTemplates1767300100016];
