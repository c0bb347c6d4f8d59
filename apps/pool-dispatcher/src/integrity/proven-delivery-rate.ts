/**
 * A phone's evidence over the proof window, weighted: `proven` are deliveries it cannot have faked
 * (verified OTPs, weighted DEVICE_PROOF_OTP_WEIGHT; canaries that arrived, 1 each), `failed` are
 * canaries it claimed sent that never arrived (1 each), `canaries` counts canary outcomes.
 *
 * An OTP that expires unverified is no evidence: the person often never typed the code, and a phone
 * cannot be blamed for that. Only canaries, which Zagel itself receives, count against a phone.
 */
export interface ProofTally {
  proven: number;
  failed: number;
  canaries: number;
}

export interface QuarantinePolicy {
  /** Canary outcomes needed, of the phone and of its pool apart from it, before judging. */
  minCanaries: number;
  /** Quarantined when its rate is below this share of its pool's. */
  ratio: number;
}

export interface IntegrityVerdict {
  quarantine: boolean;
  rate: number | null;
  poolRate: number | null;
}

export const NO_PROOFS: ProofTally = { proven: 0, failed: 0, canaries: 0 };

/** proven ÷ (proven + failed); null without evidence. */
export function provenDeliveryRate(tally: ProofTally): number | null {
  const total = tally.proven + tally.failed;
  return total > 0 ? tally.proven / total : null;
}

export function addTallies(a: ProofTally, b: ProofTally): ProofTally {
  return { proven: a.proven + b.proven, failed: a.failed + b.failed, canaries: a.canaries + b.canaries };
}

/**
 * The pool a phone is compared with: the other phones of its carrier in its country when they have
 * enough canaries, else every other phone of the country.
 */
export function comparisonPool(sameCarrier: ProofTally, restOfCountry: ProofTally, policy: QuarantinePolicy): ProofTally {
  return sameCarrier.canaries >= policy.minCanaries ? sameCarrier : addTallies(sameCarrier, restOfCountry);
}

/**
 * Quarantine a phone whose proven-delivery rate is far below its pool's: only with enough canaries
 * of its own (a missed one among them) and of its pool, so one unlucky canary, a new phone or a pool
 * with nothing to compare against never quarantines anyone.
 */
export function judgeDevice(device: ProofTally, pool: ProofTally, policy: QuarantinePolicy): IntegrityVerdict {
  const rate = provenDeliveryRate(device);
  const poolRate = provenDeliveryRate(pool);
  const enough = device.canaries >= policy.minCanaries && pool.canaries >= policy.minCanaries && device.failed > 0;
  const quarantine = enough && rate !== null && poolRate !== null && rate < policy.ratio * poolRate;
  return { quarantine, rate, poolRate };
}
