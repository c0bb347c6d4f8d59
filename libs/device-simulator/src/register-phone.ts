import { PublicApiClient } from '@zagel/sdk';
import { DeviceCredentials } from './fleet-state';
import { generateMobileNumber } from './mobile-numbers';

export interface PhoneRequest {
  country: string;
  carrier?: string;
  label: string;
}

const NUMBER_ATTEMPTS = 5;

/**
 * Registers a phone for the owner whose client this is (`POST /v1/devices`) with a mobile number of
 * the country and carrier, drawn again when another owner holds it; returns what the phone connects with.
 */
export async function registerPhone(owner: PublicApiClient, request: PhoneRequest, taken = new Set<string>()): Promise<DeviceCredentials> {
  for (let attempt = 1; ; attempt += 1) {
    const phoneNumber = await generateMobileNumber(request.country, request.carrier);
    if (taken.has(phoneNumber)) continue;
    taken.add(phoneNumber);
    const reply = await owner.post('/v1/devices', { phoneNumber, label: request.label });
    if (reply.status === 409 && attempt < NUMBER_ATTEMPTS) continue;
    const device = reply.body;
    return {
      deviceId: device.id,
      deviceToken: device.deviceToken,
      phoneNumber,
      country: device.country,
      // The document calls the carrier an object; it is the carrier's name.
      carrier: (device.carrier as unknown as string | null | undefined) ?? null,
      requested: { country: request.country.toUpperCase(), ...(request.carrier ? { carrier: request.carrier } : {}) },
    };
  }
}

/** Registers a phone-owner account, or signs in when the email is taken (a state file from an earlier run). Returns an access token. */
export async function signInPhoneOwner(api: PublicApiClient, account: { email: string; password: string }, name: string): Promise<string> {
  const registered = await api.post('/v1/auth/register', { ...account, name, accountType: 'device_owner' });
  if (registered.status !== 409) return registered.body.accessToken;
  return (await api.post('/v1/auth/login', account)).body.accessToken;
}
