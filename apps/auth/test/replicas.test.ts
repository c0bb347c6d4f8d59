import { DataSource } from 'typeorm';
import { GetSigningKeys, Login } from '@zagel/contracts';
import { loadServiceSettings, RunningService, startService } from '@zagel/service';
import { authApp } from '../src/auth.app';
import { AuthConfig } from '../src/config';
import { AuthHarness } from './auth-harness';

const ADMIN = { ADMIN_EMAIL: 'Root@Zagel.test', ADMIN_PASSWORD: 'operator-granite-48-meadow' };

describe('two auth replicas starting together', () => {
  const auth = new AuthHarness(ADMIN);
  let second: RunningService<AuthConfig>;

  beforeAll(async () => {
    const env = { ...process.env, ...auth.test.env, PORT: '0', ...ADMIN, INSTANCE_ID: `${auth.test.name}-second` };
    [second] = await Promise.all([startService(authApp, loadServiceSettings(authApp, env), '127.0.0.1'), auth.start()]);
  });

  afterAll(async () => {
    await second?.app.close();
    await auth.stop();
  });

  it('end up with one current signing key and one platform operator', async () => {
    const dataSource = auth.service.app.get(DataSource);
    const [{ current }] = (await dataSource.query(`SELECT count(*)::int AS current FROM signing_keys WHERE retired_at IS NULL`)) as { current: number }[];
    const [{ admins }] = (await dataSource.query(`SELECT count(*)::int AS admins FROM users WHERE platform_admin`)) as { admins: number }[];
    expect({ current, admins }).toEqual({ current: 1, admins: 1 });
    expect((await auth.call(GetSigningKeys, {})).keys).toHaveLength(1);
    const session = await auth.call(Login, { email: 'root@zagel.test', password: ADMIN.ADMIN_PASSWORD, client: {} });
    expect(session.user.platformAdmin).toBe(true);
  });
});
