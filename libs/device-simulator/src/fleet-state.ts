import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

/** A simulated phone's credentials, as the fleet keeps them between runs. */
export interface DeviceCredentials {
  deviceId: string;
  deviceToken: string;
  phoneNumber?: string;
  country?: string;
  /** As the API's numbering lookup names it (e.g. `TE` for WE). */
  carrier?: string | null;
  /** The country and carrier the fleet was asked for when it registered the phone (how runs reuse it). */
  requested?: { country: string; carrier?: string };
}

export interface FleetAccount {
  owner: { email: string; password: string };
  devices: DeviceCredentials[];
}

/** The local state file (e.g. `.zagel/devices.json`, not committed): one owner account and its phones per API. */
export interface FleetStateDocument {
  version: 1;
  accounts: Record<string, FleetAccount>;
}

export async function loadFleetState(path: string): Promise<FleetStateDocument> {
  try {
    const document = JSON.parse(await readFile(path, 'utf8')) as FleetStateDocument;
    if (document.version !== 1 || typeof document.accounts !== 'object') throw new Error(`${path}: not a device fleet state file`);
    return document;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { version: 1, accounts: {} };
    throw error;
  }
}

/** Writes the state atomically (a crash mid-write leaves the old file), readable by the user only. */
export async function saveFleetState(path: string, document: FleetStateDocument): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify(document, null, 2)}\n`, { mode: 0o600 });
  await rename(temporary, path);
}
