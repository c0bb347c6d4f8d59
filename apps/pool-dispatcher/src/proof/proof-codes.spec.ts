import { PoolDispatcherConfig } from '../config';
import { judgeProof, newProofCode, PROOF_POLICY, ProofCodes, proofCodeIn, proofText } from './proof-codes';

const NOW = new Date('2026-12-03T12:00:00Z');
const later = (ms: number) => new Date(NOW.getTime() + ms);

describe('proof codes', () => {
  it('are six digits from the whole range, zero-padded', () => {
    const codes = Array.from({ length: 2_000 }, () => newProofCode());
    expect(codes.every((code) => /^[0-9]{6}$/.test(code))).toBe(true);
    expect(new Set(codes).size).toBeGreaterThan(1_990);
    expect(codes.some((code) => code.startsWith('0'))).toBe(true);
  });

  it('travel in the proof text and are found in it, however the phone spaced or cased it', () => {
    expect(proofText('048213')).toBe('Your Zagel device code is 048213');
    expect(proofCodeIn(proofText('048213'))).toBe('048213');
    expect(proofCodeIn('your ZAGEL  device code is:048213.')).toBe('048213');
    expect(proofCodeIn('Your bank code is 048213')).toBeNull();
    expect(proofCodeIn('Your Zagel device code is 0482131')).toBeNull();
  });

  it('are kept as an HMAC bound to the phone and the key', () => {
    const codes = new ProofCodes(Object.assign(new PoolDispatcherConfig(), { DEVICE_PROOF_HMAC_KEY: 'k'.repeat(32) }));
    const other = new ProofCodes(Object.assign(new PoolDispatcherConfig(), { DEVICE_PROOF_HMAC_KEY: 'q'.repeat(32) }));
    const stored = codes.hmac('device-a', '123456');
    expect(stored.toString('hex')).not.toContain(Buffer.from('123456').toString('hex'));
    expect(codes.matches(stored, 'device-a', '123456')).toBe(true);
    expect(codes.matches(stored, 'device-a', '123457')).toBe(false);
    expect(codes.matches(stored, 'device-b', '123456')).toBe(false);
    expect(other.matches(stored, 'device-a', '123456')).toBe(false);
  });
});

describe('judging a try', () => {
  const fresh = { attempts: 0, expiresAt: later(PROOF_POLICY.ttlMs), usedAt: null };

  it('proves with the right code while the code is live', () => {
    expect(judgeProof(fresh, true, NOW)).toBe('verified');
    expect(judgeProof(fresh, false, NOW)).toBe('incorrect');
  });

  it('refuses every try, right or wrong, once the attempts are spent', () => {
    const spent = { ...fresh, attempts: PROOF_POLICY.maxAttempts };
    expect(judgeProof({ ...fresh, attempts: PROOF_POLICY.maxAttempts - 1 }, false, NOW)).toBe('incorrect');
    expect(judgeProof(spent, true, NOW)).toBe('too_many_attempts');
    expect(judgeProof(spent, false, NOW)).toBe('too_many_attempts');
  });

  it('refuses the right code after its expiry', () => {
    expect(judgeProof({ ...fresh, expiresAt: NOW }, true, NOW)).toBe('expired');
    expect(judgeProof({ ...fresh, expiresAt: later(1) }, true, NOW)).toBe('verified');
  });

  it('has nothing to judge without a code, or with one already used', () => {
    expect(judgeProof(null, false, NOW)).toBe('none');
    expect(judgeProof({ ...fresh, usedAt: NOW }, true, NOW)).toBe('none');
  });
});
