import { randomBytes } from 'node:crypto';
import { DeviceApiClient, DeviceApiError } from './device-api-client';
import { DeviceCredentials, FleetStateDocument } from './fleet-state';
import { generateMobileNumber } from './mobile-numbers';

export interface ProvisionRequest {
  apiUrl: string;
  count: number;
  country: string;
  carrier?: string;
}

const NUMBER_ATTEMPTS = 5;

function sameCarrier(device: DeviceCredentials, request: ProvisionRequest): boolean {
  const requested = device.requested;
  if (!requested || requested.country.toUpperCase() !== request.country.toUpperCase()) return false;
  return !request.carrier || requested.carrier?.toLowerCase() === request.carrier.toLowerCase();
}

/**
 * `count` phones of the country (and carrier) for the API: the ones the state already holds are
 * reused, the rest registered through the public API under the state's owner account (created on
 * first use). The state is updated in place; the caller saves it.
 */
export async function provisionDevices(state: FleetStateDocument, request: ProvisionRequest, log: (line: string) => void = () => undefined): Promise<DeviceCredentials[]> {
  const api = new DeviceApiClient(request.apiUrl);
  const account = (state.accounts[request.apiUrl] ??= {
    owner: { email: `sim-owner-${randomBytes(4).toString('hex')}@zagel.test`, password: `sim-${randomBytes(12).toString('base64url')}` },
    devices: [],
  });
  const reused = account.devices.filter((device) => sameCarrier(device, request)).slice(0, request.count);
  if (reused.length === request.count) return reused;

  const accessToken = await api.registerOwner(account.owner.email, account.owner.password, 'Simulated phone owner');
  const taken = new Set(account.devices.map((device) => device.phoneNumber));
  const created: DeviceCredentials[] = [];
  while (reused.length + created.length < request.count) {
    created.push(await registerOne(api, accessToken, request, taken, account.devices.length + created.length + 1));
    account.devices.push(created[created.length - 1]);
    if (created.length % 10 === 0) log(`registered ${created.length} phone(s)`);
  }
  return [...reused, ...created];
}

async function registerOne(api: DeviceApiClient, accessToken: string, request: ProvisionRequest, taken: Set<string | undefined>, index: number): Promise<DeviceCredentials> {
  for (let attempt = 1; ; attempt += 1) {
    const phoneNumber = await generateMobileNumber(request.country, request.carrier);
    if (taken.has(phoneNumber)) continue;
    taken.add(phoneNumber);
    try {
      const device = await api.registerDevice(accessToken, phoneNumber, `simulated phone ${index}`);
      return {
        deviceId: device.id,
        deviceToken: device.deviceToken,
        phoneNumber,
        country: device.country,
        carrier: device.carrier,
        requested: { country: request.country.toUpperCase(), ...(request.carrier ? { carrier: request.carrier } : {}) },
      };
    } catch (error) {
      // Another owner may hold the number already: draw another.
      if (!(error instanceof DeviceApiError && error.status === 409) || attempt >= NUMBER_ATTEMPTS) throw error;
    }
  }
}
