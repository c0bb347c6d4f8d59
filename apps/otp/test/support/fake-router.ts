import {
  MessageRequested,
  MessageRequestedPayload,
  MessageStatus,
  MessageStatusChanged,
  OtpVerificationStatusChanged,
  OtpVerificationStatusPayload,
  OtpVerified,
  OtpVerifiedPayload,
} from '@zagel/contracts';
import { BusProbe, TestPlatform, until } from '@zagel/testing';

/**
 * Plays the pool-dispatcher for otp: hears `message.requested` on its own queue and publishes
 * `message.status` as a phone or a provider would; also hears what otp announces.
 */
export class FakeRouter {
  private constructor(private readonly probe: BusProbe) {}

  static async start(platform: TestPlatform): Promise<FakeRouter> {
    return new FakeRouter(await platform.probe({ service: 'otp-test-router', hears: [MessageRequested, OtpVerified, OtpVerificationStatusChanged] }));
  }

  get verified(): OtpVerifiedPayload[] {
    return this.probe.heard(OtpVerified);
  }

  get statuses(): OtpVerificationStatusPayload[] {
    return this.probe.heard(OtpVerificationStatusChanged);
  }

  messagesTo(to: string): MessageRequestedPayload[] {
    return this.probe.heard(MessageRequested).filter((message) => message.to === to);
  }

  /** The `count`th message requested to `to` (waiting for it). */
  messageFor(to: string, count = 1): Promise<MessageRequestedPayload> {
    return until(() => this.messagesTo(to)[count - 1], { what: `message #${count} to ${to}` });
  }

  async report(
    message: MessageRequestedPayload,
    status: MessageStatus,
    via: { deviceId?: string; deviceOwnerId?: string; provider?: string; errorCode?: string } = {},
  ): Promise<void> {
    await this.probe.publish(MessageStatusChanged, {
      messageId: message.messageId,
      organizationId: message.organizationId,
      status,
      origin: message.origin,
      route: via.provider ? 'provider' : 'device',
      ...via,
      at: new Date().toISOString(),
    });
  }
}

let numberSeed = 10;

/** German mobile numbers in a range (prefix 49-151NN) no other test uses, so fraud counters stay apart. */
export function numberRange(): () => string {
  const range = String(numberSeed++).padStart(2, '0');
  let next = 100_000 + Math.floor(Math.random() * 800_000);
  return () => `+49151${range}${String(next++).padStart(6, '0')}`;
}
