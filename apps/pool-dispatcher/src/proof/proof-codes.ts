import { Injectable, Logger } from '@nestjs/common';
import { createHmac, hkdfSync, randomInt, timingSafeEqual } from 'node:crypto';
import { PoolDispatcherConfig } from '../config';

/** How a number proof is bounded: a code lives ten minutes and takes five wrong tries. */
export const PROOF_POLICY = {
  codeLength: 6,
  ttlMs: 10 * 60_000,
  maxAttempts: 5,
  /** A new code for the same phone no sooner than this after the last one. */
  resendAfterMs: 30_000,
  /** Codes one number receives in a day, across every claim on it: registering strangers' numbers cannot spam them. */
  sendsPerNumberPerDay: 5,
} as const;

const DEVELOPMENT_ONLY_KEY = 'zagel-development-only-device-proof-key';

/** The SMS that carries a proof code to the claimed number. */
export function proofText(code: string): string {
  return `Your Zagel device code is ${code}`;
}

const PROOF_IN_TEXT = /zagel\s+device\s+code\s+is\s*:?\s*([0-9]{6})\b/i;

/** The code an SMS claims to carry, when it is a proof SMS (anything else a phone receives is not a try). */
export function proofCodeIn(body: string): string | null {
  return PROOF_IN_TEXT.exec(body)?.[1] ?? null;
}

/** A fresh code from the CSPRNG, zero-padded: every one of the 10^6 equally likely. */
export function newProofCode(): string {
  return String(randomInt(0, 10 ** PROOF_POLICY.codeLength)).padStart(PROOF_POLICY.codeLength, '0');
}

export type ProofJudgement = 'verified' | 'incorrect' | 'expired' | 'too_many_attempts' | 'none';

export interface StoredProof {
  attempts: number;
  expiresAt: Date;
  usedAt: Date | null;
}

/** What a try with a code that does (or does not) match the phone's latest proof comes to. */
export function judgeProof(proof: StoredProof | null, matches: boolean, now: Date): ProofJudgement {
  if (!proof || proof.usedAt) return 'none';
  if (proof.attempts >= PROOF_POLICY.maxAttempts) return 'too_many_attempts';
  if (proof.expiresAt.getTime() <= now.getTime()) return 'expired';
  return matches ? 'verified' : 'incorrect';
}

/**
 * Proof codes are kept only as an HMAC bound to the phone (a code sent for one phone proves no
 * other), keyed by DEVICE_PROOF_HMAC_KEY through HKDF.
 */
@Injectable()
export class ProofCodes {
  private readonly key: Buffer;

  constructor(settings: PoolDispatcherConfig) {
    if (!settings.DEVICE_PROOF_HMAC_KEY) {
      new Logger(ProofCodes.name).warn('DEVICE_PROOF_HMAC_KEY is not set: proof codes are keyed with a development-only key');
    }
    const master = Buffer.from(settings.DEVICE_PROOF_HMAC_KEY ?? DEVELOPMENT_ONLY_KEY, 'utf8');
    this.key = Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), 'zagel device proof code', 32));
  }

  hmac(deviceId: string, code: string): Buffer {
    return createHmac('sha256', this.key).update(`${deviceId}:${code}`).digest();
  }

  matches(stored: Buffer, deviceId: string, code: string): boolean {
    const candidate = this.hmac(deviceId, code);
    return stored.length === candidate.length && timingSafeEqual(stored, candidate);
  }
}
