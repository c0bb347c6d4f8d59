import { DeviceTokenClaims } from '@zagel/contracts';
import { DeviceTokenVerifier, TokenVerificationError } from '@zagel/identity';
import { DeviceAuthenticator } from './device-authenticator';
import { RevokedDevices } from './revoked-devices';

const DEVICE = '0193a1b2-0000-7000-8000-000000000001';
const OWNER = '0193a1b2-0000-7000-8000-000000000002';

function authenticator(verify: (token: string) => Promise<DeviceTokenClaims>, revokedAt?: number): DeviceAuthenticator {
  const verifier = { verify } as unknown as DeviceTokenVerifier;
  const revoked = {
    isRevoked: (_deviceId: string, issuedAt: number | undefined) =>
      Promise.resolve(revokedAt !== undefined && (issuedAt === undefined || issuedAt <= revokedAt)),
  } as unknown as RevokedDevices;
  return new DeviceAuthenticator(verifier, revoked);
}

const claims = (iat: number): DeviceTokenClaims => ({ sub: DEVICE, owner: OWNER, typ: 'device', iat });

describe('DeviceAuthenticator', () => {
  it('accepts a verified token and names the device and its owner', async () => {
    expect(await authenticator(() => Promise.resolve(claims(100))).authenticate('t')).toEqual({ device: { deviceId: DEVICE, ownerId: OWNER } });
  });

  it.each([
    [undefined, 'missing_token'],
    ['', 'missing_token'],
    [42, 'missing_token'],
    ['x'.repeat(5_000), 'missing_token'],
  ])('refuses %p as %s without verifying it', async (token, code) => {
    const verify = jest.fn();
    expect(await authenticator(verify).authenticate(token)).toEqual({ refused: code });
    expect(verify).not.toHaveBeenCalled();
  });

  it('tells an expired token from an invalid one', async () => {
    const expired = authenticator(() => Promise.reject(new TokenVerificationError('expired', 'the token has expired')));
    const invalid = authenticator(() => Promise.reject(new TokenVerificationError('invalid', 'bad signature')));
    expect(await expired.authenticate('t')).toEqual({ refused: 'expired_token' });
    expect(await invalid.authenticate('t')).toEqual({ refused: 'invalid_token' });
  });

  it('refuses a token issued before the revocation, not one issued after it', async () => {
    expect(await authenticator(() => Promise.resolve(claims(100)), 100).authenticate('t')).toEqual({ refused: 'token_revoked' });
    expect(await authenticator(() => Promise.resolve(claims(101)), 100).authenticate('t')).toEqual({ device: { deviceId: DEVICE, ownerId: OWNER } });
  });

  it('answers unavailable when the check itself fails (Redis or the key set down)', async () => {
    expect(await authenticator(() => Promise.reject(new Error('connection refused'))).authenticate('t')).toEqual({ refused: 'unavailable' });
  });
});
