import * as jwt from 'jsonwebtoken';
import { TestPlatform, until } from '@zagel/testing';

/** About 4.3 s: auth replaces its signing key once or twice while this file runs. */
const ROTATION_DAYS = 0.00005;

const platform = new TestPlatform({ services: ['api-gateway', 'auth'], settings: { AUTH_SIGNING_KEY_ROTATION_DAYS: String(ROTATION_DAYS) } });

beforeAll(() => platform.start(), 120_000);
afterAll(() => platform.stop(), 30_000);

async function retiredKids(): Promise<string[]> {
  const rows = await platform.db('auth').query<{ kid: string }>(`SELECT kid FROM signing_keys WHERE retired_at IS NOT NULL`);
  return rows.map((row) => row.kid);
}

const kidOf = (token: string) => jwt.decode(token, { complete: true })?.header.kid;

describe('signing key rotation', () => {
  it('keeps tokens signed with the retired key valid, and the gateway accepts tokens of the new key at once', async () => {
    const before = await platform.signUp('before-rotation');
    const oldKid = kidOf(before.accessToken);
    await until(async () => (await retiredKids()).includes(oldKid as string), { what: 'the first key to be retired', deadline: 15_000, interval: 200 });

    const after = await platform.signUp('after-rotation');
    expect(kidOf(after.accessToken)).not.toBe(oldKid);
    expect((await after.api.get('/v1/me')).status).toBe(200);
    expect((await before.api.get('/v1/me')).status).toBe(200);

    const jwks = await platform.api.get('/.well-known/jwks.json');
    const published = (jwks.body as { keys: Array<{ kid: string }> }).keys.map((key) => key.kid);
    expect(published).toEqual(expect.arrayContaining([oldKid, kidOf(after.accessToken)]));
  });
});
