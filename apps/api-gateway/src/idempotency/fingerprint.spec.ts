import { canonicalJson, idempotencyScope, requestFingerprint } from './fingerprint';

describe('request fingerprints', () => {
  it('ignore key order at every level', () => {
    expect(requestFingerprint({ a: 1, b: { c: [1, { d: 2, e: 3 }] } })).toBe(requestFingerprint({ b: { c: [1, { e: 3, d: 2 }] }, a: 1 }));
  });

  it('differ when any value differs', () => {
    expect(requestFingerprint({ name: 'a' })).not.toBe(requestFingerprint({ name: 'b' }));
    expect(requestFingerprint({ list: [1, 2] })).not.toBe(requestFingerprint({ list: [2, 1] }));
    expect(requestFingerprint({ n: 1 })).not.toBe(requestFingerprint({ n: '1' }));
  });

  it('treat an absent body and undefined members as nothing', () => {
    expect(canonicalJson(undefined)).toBe('null');
    expect(canonicalJson({ a: undefined, b: 1 })).toBe('{"b":1}');
  });
});

describe('idempotencyScope', () => {
  const base = { owner: 'org-1', method: 'POST', route: '/v1/api-keys', key: 'k-1' };
  it('separates tenants, routes and keys', () => {
    const scope = idempotencyScope(base);
    expect(idempotencyScope({ ...base })).toBe(scope);
    expect(idempotencyScope({ ...base, owner: 'org-2' })).not.toBe(scope);
    expect(idempotencyScope({ ...base, route: '/v1/organization/members' })).not.toBe(scope);
    expect(idempotencyScope({ ...base, key: 'k-2' })).not.toBe(scope);
  });
});
