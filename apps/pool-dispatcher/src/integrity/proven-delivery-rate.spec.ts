import { comparisonPool, judgeDevice, NO_PROOFS, provenDeliveryRate, ProofTally } from './proven-delivery-rate';

const policy = { minCanaries: 4, ratio: 0.5 };
const tally = (proven: number, failed: number, canaries = proven + failed): ProofTally => ({ proven, failed, canaries });

describe('proven-delivery rate', () => {
  it('is proven ÷ all evidence, null without any', () => {
    expect(provenDeliveryRate(NO_PROOFS)).toBeNull();
    expect(provenDeliveryRate(tally(3, 1))).toBe(0.75);
    expect(provenDeliveryRate(tally(0, 4))).toBe(0);
  });
});

describe('judging a phone against its pool', () => {
  const healthyPool = tally(20, 1);

  it('quarantines a phone whose canaries never arrive once it has the minimum sample', () => {
    expect(judgeDevice(tally(0, 4), healthyPool, policy)).toEqual({ quarantine: true, rate: 0, poolRate: 20 / 21 });
  });

  it('waits for the minimum sample: three missed canaries are not yet enough', () => {
    expect(judgeDevice(tally(0, 3), healthyPool, policy).quarantine).toBe(false);
  });

  it('never quarantines without a missed canary, whatever else it lacks', () => {
    expect(judgeDevice(tally(4, 0), healthyPool, policy).quarantine).toBe(false);
    // Verified OTPs only (weighted 0.25 each), no canary yet.
    expect(judgeDevice({ proven: 2, failed: 0, canaries: 0 }, healthyPool, policy).quarantine).toBe(false);
  });

  it('compares with the pool: a rate at or above the ratio of the pool’s is kept', () => {
    // 2 of 4 arrived: 0.5 against a pool at 20/21 × 0.5 ≈ 0.476.
    expect(judgeDevice(tally(2, 2), healthyPool, policy).quarantine).toBe(false);
    expect(judgeDevice(tally(1, 3), healthyPool, policy).quarantine).toBe(true);
  });

  it('a pool doing as badly (a network outage) quarantines nobody', () => {
    expect(judgeDevice(tally(1, 4), tally(6, 24), policy).quarantine).toBe(false);
  });

  it('a pool without enough evidence of its own quarantines nobody', () => {
    expect(judgeDevice(tally(0, 8), tally(3, 0), policy).quarantine).toBe(false);
  });

  it('verified OTPs cannot hide missed canaries: weighted, five a day do not outweigh two misses', () => {
    const otpsAndMisses = { proven: 5 * 0.25, failed: 4, canaries: 4 };
    expect(judgeDevice(otpsAndMisses, healthyPool, policy).quarantine).toBe(true);
  });

  it('compares with the carrier pool when it has enough canaries, else with the whole country', () => {
    const carrier = tally(4, 0);
    const country = tally(10, 10);
    expect(comparisonPool(carrier, country, policy)).toEqual(carrier);
    expect(comparisonPool(tally(2, 0), country, policy)).toEqual(tally(12, 10));
  });
});
