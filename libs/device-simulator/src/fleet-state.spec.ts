import { mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadFleetState, saveFleetState } from './fleet-state';

describe('fleet state file', () => {
  let dir: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'zagel-fleet-'));
  });

  it('starts empty when there is no file, and reads back what it saved (user-only permissions)', async () => {
    const path = join(dir, 'nested', 'devices.json');
    expect(await loadFleetState(path)).toEqual({ version: 1, accounts: {} });
    const state = {
      version: 1 as const,
      accounts: {
        'http://127.0.0.1:3000': {
          owner: { email: 'o@zagel.test', password: 'secret-words-here' },
          devices: [{ deviceId: 'd1', deviceToken: 't1', phoneNumber: '+201001234567', country: 'EG', carrier: 'Vodafone', requested: { country: 'EG', carrier: 'Vodafone' } }],
        },
      },
    };
    await saveFleetState(path, state);
    expect(await loadFleetState(path)).toEqual(state);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect(JSON.parse(await readFile(path, 'utf8'))).toEqual(state);
  });

  it('refuses a file that is not a fleet state', async () => {
    const path = join(dir, 'other.json');
    await writeFile(path, JSON.stringify({ hello: 'world' }));
    await expect(loadFleetState(path)).rejects.toThrow(/not a device fleet state file/);
  });
});
