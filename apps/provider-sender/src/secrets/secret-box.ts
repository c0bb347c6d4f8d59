import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

const VERSION = 'v1';
const IV_BYTES = 12;

/**
 * AES-256-GCM for provider credentials at rest: `v1.<iv>.<tag>.<ciphertext>` (base64url). The
 * account id is bound as associated data, so a ciphertext copied to another account does not open.
 */
export class SecretBox {
  constructor(private readonly key: Buffer) {
    if (key.length !== 32) throw new Error('the secrets key must be 32 bytes');
  }

  seal(plaintext: string, associatedData: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(associatedData, 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [VERSION, iv, cipher.getAuthTag(), ciphertext].map((part) => (typeof part === 'string' ? part : part.toString('base64url'))).join('.');
  }

  open(sealed: string, associatedData: string): string {
    const [version, iv, tag, ciphertext] = sealed.split('.');
    if (version !== VERSION || !iv || !tag || ciphertext === undefined) throw new Error('not a sealed secret');
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(associatedData, 'utf8'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
  }
}

/** Used only on a developer machine (see secretsKeyFrom); never protects anything real. */
const DEVELOPMENT_KEY = createHash('sha256').update('zagel local development provider secrets').digest();

export interface SecretsKeySettings {
  PROVIDER_SECRETS_KEY?: string;
  NODE_ENV: string;
  ZAGEL_NAMESPACE?: string;
}

/**
 * The 32-byte key from PROVIDER_SECRETS_KEY (base64 or hex). Without one, anything but production
 * (a developer's machine, the tests) gets the development key, as the otp and ingestion keys do.
 */
export function secretsKeyFrom(settings: SecretsKeySettings): Buffer {
  const text = settings.PROVIDER_SECRETS_KEY?.trim();
  if (!text) {
    if (settings.NODE_ENV !== 'production') return DEVELOPMENT_KEY;
    throw new Error(
      'PROVIDER_SECRETS_KEY is required (32 random bytes, base64 or hex, e.g. `openssl rand -base64 32`): ' +
        'it encrypts provider credentials at rest',
    );
  }
  const key = /^[0-9a-f]{64}$/i.test(text) ? Buffer.from(text, 'hex') : Buffer.from(text, 'base64');
  if (key.length !== 32) throw new Error('PROVIDER_SECRETS_KEY must decode to exactly 32 bytes (base64 or hex)');
  return key;
}
