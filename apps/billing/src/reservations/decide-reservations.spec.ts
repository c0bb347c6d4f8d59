import fc from 'fast-check';
import { decideReservations } from './decide-reservations';

describe('decideReservations', () => {
  it('grants in arrival order while the money lasts, each request on its own', () => {
    const decision = decideReservations(
      [
        { reference: 'a', amount: 40 },
        { reference: 'b', amount: 70 },
        { reference: 'c', amount: 50 },
        { reference: 'd', amount: 20 },
      ],
      100,
      new Set(),
    );
    expect(decision.granted.map((ask) => ask.reference)).toEqual(['a', 'c']);
    expect([...decision.refused]).toEqual([
      ['b', 60],
      ['d', 10],
    ]);
    expect(decision.available).toBe(10);
  });

  it('decides a reference once, and leaves references reserved before alone', () => {
    const decision = decideReservations(
      [
        { reference: 'old', amount: 10 },
        { reference: 'x', amount: 10 },
        { reference: 'x', amount: 10 },
      ],
      100,
      new Set(['old']),
    );
    expect(decision.granted.map((ask) => ask.reference)).toEqual(['x']);
    expect(decision.available).toBe(90);
  });

  it('never grants more than is available, and accounts for every new reference', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ reference: fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f'), amount: fc.nat(50) })),
        fc.nat(200),
        (asks, available) => {
          const decision = decideReservations(asks, available, new Set());
          const granted = decision.granted.reduce((sum, ask) => sum + ask.amount, 0);
          expect(granted).toBeLessThanOrEqual(available);
          expect(decision.available).toBe(available - granted);
          expect(decision.granted.length + decision.refused.size).toBe(new Set(asks.map((ask) => ask.reference)).size);
          for (const [reference, against] of decision.refused) {
            const ask = asks.find((candidate) => candidate.reference === reference)!;
            expect(ask.amount).toBeGreaterThan(against);
          }
        },
      ),
    );
  });
});
