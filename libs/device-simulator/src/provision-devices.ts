import { randomBytes } from 'node:crypto';
import { PublicApiClient } from '@zagel/sdk';
import { DeviceCredentials, FleetStateDocument } from './fleet-state';
import { registerPhone, signInPhoneOwner } from './register-phone';

export interface ProvisionRequest {
  apiUrl: string;
  count: number;
  country: string;
  carrier?: string;
}

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
  const account = (state.accounts[request.apiUrl] ??= {
    owner: { email: `sim-owner-${randomBytes(4).toString('hex')}@zagel.test`, password: `sim-${randomBytes(12).toString('base64url')}` },
    devices: [],
  });
  const reused = account.devices.filter((device) => sameCarrier(device, request)).slice(0, request.count);
  if (reused.length === request.count) return reused;

  const api = new PublicApiClient({ baseUrl: request.apiUrl });
  const owner = api.as({ bearer: await signInPhoneOwner(api, account.owner, 'Simulated phone owner') });
  const taken = new Set(account.devices.flatMap((device) => (device.phoneNumber ? [device.phoneNumber] : [])));
  const created: DeviceCredentials[] = [];
  while (reused.length + created.length < request.count) {
    const label = `simulated phone ${account.devices.length + 1}`;
    const device = await registerPhone(owner, { country: request.country, carrier: request.carrier, label }, taken);
    created.push(device);
    account.devices.push(device);
    if (created.length % 10 === 0) log(`registered ${created.length} phone(s)`);
  }
  return [...reused, ...created];
}
