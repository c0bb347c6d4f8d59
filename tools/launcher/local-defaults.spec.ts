import { LOCAL_OPERATOR, withLocalDefaults } from './local-defaults';

describe('local defaults', () => {
  it('fills in the local operator when neither variable is set', () => {
    expect(withLocalDefaults({ PATH: '/bin' })).toEqual({ env: { PATH: '/bin', ...LOCAL_OPERATOR }, defaulted: true });
  });

  it("leaves an operator's own settings alone, even half of them (auth then explains what is missing)", () => {
    expect(withLocalDefaults({ ADMIN_EMAIL: 'ops@example.com', ADMIN_PASSWORD: 'x' }).defaulted).toBe(false);
    expect(withLocalDefaults({ ADMIN_EMAIL: 'ops@example.com' })).toEqual({ env: { ADMIN_EMAIL: 'ops@example.com' }, defaulted: false });
  });
});
