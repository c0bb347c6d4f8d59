import { Schema } from '@zagel/sdk';
import { E2E_TIMINGS, TestCustomer, TestPhone, TestPhoneOptions, TestPhoneOwner, TestPlatform } from '@zagel/testing';

/** Every service, with phones quick to give up on and OTP fraud limits no journey trips. */
export const JOURNEY_SETTINGS: Record<string, string> = {
  ...E2E_TIMINGS,
  OTP_RESEND_COOLDOWN_SECONDS: '1',
  OTP_ORG_VELOCITY_LIMIT: '1000',
  OTP_PREFIX_VELOCITY_LIMIT: '1000',
  OTP_PUMPING_MIN_VOLUME: '1000',
};

/** Phones that answer like real ones: a little latency, delivered 100 ms after sent. */
export const JOURNEY_PHONES: TestPhoneOptions = { latency: { minMs: 20, maxMs: 60 }, deliveredAfterMs: 100 };

export interface OwnerWithPhones {
  owner: TestPhoneOwner;
  phones: TestPhone[];
}

/** A new phone owner with `count` phones on the carrier, online. */
export async function ownerWithPhones(platform: TestPlatform, count: number, where: { country: string; carrier: string }, options: TestPhoneOptions = {}): Promise<OwnerWithPhones> {
  const owner = await platform.phoneOwner();
  const phones = await platform.phones(owner, count, { ...JOURNEY_PHONES, ...where, ...options });
  return { owner, phones };
}

/** Points the customer's callbacks at `url`; answers the signing secret. */
export async function callbacksTo(customer: TestCustomer, url: string): Promise<string> {
  // The document declares `url` an object; it is the endpoint's URL.
  const settings = (await customer.app.request('PUT', '/v1/webhooks/settings', { body: { url } })).expectStatus(200) as Schema<'WebhookSettingsView'>;
  if (!settings.secret) throw new Error('no signing secret in the webhook settings');
  return settings.secret;
}
