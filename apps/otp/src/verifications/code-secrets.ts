import { Inject, Injectable, Logger } from '@nestjs/common';
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';
import { OtpConfig } from '../config';

/** Outside production only (the config refuses to start a production otp without a key). */
const DEVELOPMENT_ONLY_KEY = 'zagel-development-only-otp-code-key-never-in-production';

/**
 * The two things kept of a code, both keyed by OTP_CODE_HMAC_KEY: its HMAC (bound to the
 * verification id, compared in constant time) and an AES-256-GCM sealed copy, because a resend must
 * send the same code again. Neither reveals the code without the key.
 */
@Injectable()
export class CodeSecrets {
  private readonly hmacKey: Buffer;
  private readonly sealKey: Buffer;

  constructor(@Inject(OtpConfig) config: OtpConfig) {
    if (!config.OTP_CODE_HMAC_KEY) {
      new Logger(CodeSecrets.name).warn('OTP_CODE_HMAC_KEY is not set: codes are keyed with a development-only key');
    }
    const master = Buffer.from(config.OTP_CODE_HMAC_KEY ?? DEVELOPMENT_ONLY_KEY, 'utf8');
    this.hmacKey = Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), 'zagel otp code hmac', 32));
    this.sealKey = Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), 'zagel otp code seal', 32));
  }

  hmac(verificationId: string, code: string): string {
    return createHmac('sha256', this.hmacKey).update(`${verificationId}:${code}`).digest('base64');
  }

  /** Constant-time: both sides are HMACs of the same length. */
  matches(storedHmac: string, verificationId: string, candidate: string): boolean {
    const expected = Buffer.from(storedHmac, 'base64');
    const actual = Buffer.from(this.hmac(verificationId, candidate), 'base64');
    return expected.length === actual.length && timingSafeEqual(expected, actual);
  }

  seal(verificationId: string, code: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.sealKey, iv);
    cipher.setAAD(Buffer.from(verificationId));
    const sealed = Buffer.concat([cipher.update(code, 'utf8'), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString('base64');
  }

  unseal(verificationId: string, sealed: string): string {
    const raw = Buffer.from(sealed, 'base64');
    const decipher = createDecipheriv('aes-256-gcm', this.sealKey, raw.subarray(0, 12));
    decipher.setAAD(Buffer.from(verificationId));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
  }
}
