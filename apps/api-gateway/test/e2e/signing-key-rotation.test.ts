import * as jwt from 'jsonwebtoken';
import { Client } from 'pg';
import { eventually } from '@zagel/testing';
import { Edge, registerCustomer, startEdge } from './support/edge';

/** About 4.3 s: auth replaces its signing key once or twice while this file runs. */
const ROTATION_DAYS = 0.00005;

let edge: Edge;

beforeAll(async () => {
  edge = await startEdge({ AUTH_SIGNING_KEY_ROTATION_DAYS: String(ROTATION_DAYS) });
}, 90_000);

afterAll(async () => {
  await edge?.stop();
});

async function retiredKids(): Promise<string[]> {
  const client = new Client({ connectionString: edge.test.settings.DATABASE_URL });
  await client.connect();
  try {
    const { rows } = await client.query<{ kid: string }>(
      `SELECT kid FROM ${edge.test.namespace.schema('auth')}.signing_keys WHERE retired_at IS NOT NULL`,
    );
    return rows.map((row) => row.kid);
  } finally {
    await client.end();
  }
}

const kidOf = (token: string) => jwt.decode(token, { complete: true })?.header.kid;

describe('signing key rotation', () => {
  it('keeps tokens signed with the retired key valid, and the gateway accepts tokens of the new key at once', async () => {
    const before = await registerCustomer(edge.api, 'before-rotation');
    const oldKid = kidOf(before.accessToken);
    await eventually(async () => expect(await retiredKids()).toContain(oldKid), { timeoutMs: 15_000, intervalMs: 200 });

    const after = await registerCustomer(edge.api, 'after-rotation');
    expect(kidOf(after.accessToken)).not.toBe(oldKid);
    expect((await edge.api.get('/v1/me', { as: after.as })).status).toBe(200);
    expect((await edge.api.get('/v1/me', { as: before.as })).status).toBe(200);

    const jwks = await edge.api.get('/.well-known/jwks.json');
    const published = (jwks.body.keys as Array<{ kid: string }>).map((key) => key.kid);
    expect(published).toEqual(expect.arrayContaining([oldKid, kidOf(after.accessToken)]));
  });
});
