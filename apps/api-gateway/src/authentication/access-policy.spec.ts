import { Principal } from '@zagel/identity';
import { AccessPolicy, authorize } from './access-policy';
import { ProblemException } from '../problem-details/problem';

const policy = (overrides: Partial<AccessPolicy>): AccessPolicy => ({
  open: false,
  operational: false,
  signedWebhook: false,
  scopes: [],
  roles: [],
  platformAdmin: false,
  usersOnly: false,
  ...overrides,
});
const owner: Principal = { kind: 'user', userId: 'u', organizationId: 'o', role: 'owner', accountType: 'customer', platformAdmin: false, scopes: [] };
const phoneOwner: Principal = { kind: 'user', userId: 'u', accountType: 'device_owner', platformAdmin: false, scopes: [] };
const key: Principal = { kind: 'api_key', apiKeyId: 'k', organizationId: 'o', platformAdmin: false, scopes: ['verify'] };
const admin: Principal = { ...owner, platformAdmin: true };

function codeOf(principal: Principal, rules: Partial<AccessPolicy>): string | undefined {
  try {
    authorize(principal, policy(rules));
    return undefined;
  } catch (error) {
    return (error as ProblemException).problem.code;
  }
}

describe('authorize', () => {
  it('checks API key scopes, and lets users of an organization through', () => {
    expect(codeOf(key, { scopes: ['verify'] })).toBeUndefined();
    expect(codeOf(key, { scopes: ['verify', 'messages:send'] })).toBe('insufficient_scope');
    expect(codeOf(owner, { scopes: ['messages:send'] })).toBeUndefined();
    expect(codeOf(phoneOwner, { scopes: ['messages:send'] })).toBe('insufficient_scope');
  });

  it('checks roles for user tokens only', () => {
    expect(codeOf(owner, { roles: ['owner', 'admin'] })).toBeUndefined();
    expect(codeOf({ ...owner, role: 'member' }, { roles: ['owner', 'admin'] })).toBe('forbidden');
    expect(codeOf(key, { roles: ['owner', 'admin'] })).toBe('forbidden');
  });

  it('keeps admin routes to platform operators and user routes to users', () => {
    expect(codeOf(admin, { platformAdmin: true })).toBeUndefined();
    expect(codeOf(owner, { platformAdmin: true })).toBe('forbidden');
    expect(codeOf(phoneOwner, { usersOnly: true })).toBeUndefined();
    expect(codeOf(key, { usersOnly: true })).toBe('forbidden');
  });
});
