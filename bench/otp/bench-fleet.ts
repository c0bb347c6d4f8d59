import { randomBytes } from 'node:crypto';
import { DeviceCredentials } from '@zagel/device-simulator';
import { ApiError, PublicApiClient } from '@zagel/sdk';

/** `+20 10 xxxxxxxx`: Egyptian Vodafone mobiles; `offset` keeps phones and recipients apart. */
export const vodafoneEgNumber = (offset: number, index: number): string => `+2010${String(offset + index).padStart(8, '0')}`;

async function inParallel<T, R>(items: readonly T[], concurrency: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next;
      next += 1;
      results[index] = await work(items[index], index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  return results;
}

/** Setup calls on a busy machine: a 503 (a service answered too late) is tried again. */
export async function retrying<T>(call: () => Promise<T>, attempts = 4): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await call();
    } catch (error) {
      if (!(error instanceof ApiError && error.status === 503) || attempt >= attempts) throw error;
    }
  }
}

/**
 * `count` EG Vodafone phones registered through `POST /v1/devices` as a phone owner would,
 * spread over `owners` owner accounts, `concurrency` registrations at a time.
 */
export async function registerPhones(api: PublicApiClient, count: number, owners: number, concurrency: number): Promise<DeviceCredentials[]> {
  const tag = randomBytes(3).toString('hex');
  const sessions = await inParallel(
    Array.from({ length: Math.min(owners, count) }, (_, index) => index),
    // Password hashing is slow on purpose: a few owners at a time.
    2,
    (index) =>
      retrying(async () =>
        (
          await api.post('/v1/auth/register', {
            email: `bench-owner-${tag}-${index}@zagel.test`,
            password: randomBytes(18).toString('base64url'),
            name: `Bench owner ${index}`,
            accountType: 'device_owner',
          })
        ).body,
      ),
  );
  const indexes = Array.from({ length: count }, (_, index) => index);
  return inParallel(indexes, concurrency, async (index) => {
    const phoneNumber = vodafoneEgNumber(10_000_000, index);
    const owner = sessions[index % sessions.length];
    const device = await retrying(async () => (await api.post('/v1/devices', { phoneNumber, label: `bench phone ${index}` }, { as: { bearer: owner.accessToken } })).body);
    // The document calls the carrier an object; it is the carrier's name.
    return { deviceId: device.id, deviceToken: device.deviceToken, phoneNumber, country: device.country, carrier: (device.carrier as unknown as string | null) ?? null };
  });
}
