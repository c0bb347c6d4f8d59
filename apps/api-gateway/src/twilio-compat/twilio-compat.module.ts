import { Module } from '@nestjs/common';
import { TwilioMessages } from './twilio-messages';
import { TwilioMessagesController } from './twilio-messages.controller';
import { TwilioVerify } from './twilio-verify';
import { TwilioVerifyController } from './twilio-verify.controller';

/**
 * The Twilio-compatible facade: Twilio's Messages and Verify v2 resources over Zagel's own message
 * and verification RPCs, authenticated by HTTP Basic with an API key (see TwilioBasicStrategy).
 * Left out of the OpenAPI document and the SDK: Twilio's clients and documentation describe it.
 */
@Module({
  controllers: [TwilioMessagesController, TwilioVerifyController],
  providers: [TwilioMessages, TwilioVerify],
})
export class TwilioCompatModule {}
