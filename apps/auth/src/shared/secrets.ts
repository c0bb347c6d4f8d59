import { createHash, randomBytes } from 'node:crypto';

/** Hex SHA-256: how refresh tokens and API keys are stored (they carry 256 random bits, so no salt is needed). */
export function sha256Hex(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex');
}

/** `prefix` followed by `bytes` random bytes in base64url. */
export function randomSecret(prefix: string, bytes = 32): string {
  return `${prefix}${randomBytes(bytes).toString('base64url')}`;
}
