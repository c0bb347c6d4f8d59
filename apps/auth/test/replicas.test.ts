import { GetSigningKeys, Login } from '@zagel/contracts';
import { TestPlatform } from '@zagel/testing';
import { AuthDesk } from './support/auth-desk';

const ADMIN = { ADMIN_EMAIL: 'Root@Zagel.test', ADMIN_PASSWORD: 'operator-granite-48-meadow' };

describe('two auth replicas starting together', () => {
  const platform = new TestPlatform({ services: ['auth'], replicas: { auth: 2 }, settings: ADMIN });
  let auth: AuthDesk;

  beforeAll(async () => {
    await platform.start();
    auth = await AuthDesk.open(platform);
  }, 120_000);
  afterAll(() => platform.stop(), 60_000);

  it('end up with one current signing key and one platform operator', async () => {
    const db = platform.db('auth');
    const [{ current }] = await db.query<{ current: number }>(`SELECT count(*)::int AS current FROM signing_keys WHERE retired_at IS NULL`);
    const [{ admins }] = await db.query<{ admins: number }>(`SELECT count(*)::int AS admins FROM users WHERE platform_admin`);
    expect({ current, admins }).toEqual({ current: 1, admins: 1 });
    expect((await auth.call(GetSigningKeys, {})).keys).toHaveLength(1);
    const session = await auth.call(Login, { email: 'root@zagel.test', password: ADMIN.ADMIN_PASSWORD, client: {} });
    expect(session.user.platformAdmin).toBe(true);
  });
});
