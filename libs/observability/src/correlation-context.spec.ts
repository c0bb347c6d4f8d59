import { assignCorrelation, carryCorrelationExplicitly, currentCorrelation, runWithCorrelation } from './correlation-context';

describe('correlation context', () => {
  it('is visible across awaits inside runWithCorrelation only', async () => {
    const seen = await runWithCorrelation({ correlationId: 'c-1' }, async () => {
      await new Promise((resolve) => setImmediate(resolve));
      return currentCorrelation();
    });

    expect(seen).toEqual({ correlationId: 'c-1' });
    expect(currentCorrelation()).toBeUndefined();
  });

  it('takes fields learnt later in the same unit of work', async () => {
    await runWithCorrelation({ correlationId: 'c-2' }, async () => {
      assignCorrelation({ tenantId: 'org-1' });
      await Promise.resolve();
      expect(currentCorrelation()).toEqual({ correlationId: 'c-2', tenantId: 'org-1' });
    });
  });

  it('ignores assignments outside any context', () => {
    expect(() => assignCorrelation({ tenantId: 'org-1' })).not.toThrow();
    expect(currentCorrelation()).toBeUndefined();
  });
});

describe('correlation carried explicitly', () => {
  it('runs the work without entering a context', async () => {
    carryCorrelationExplicitly();

    const seen = await runWithCorrelation({ correlationId: 'c-3' }, async () => {
      await Promise.resolve();
      return currentCorrelation();
    });

    expect(seen).toBeUndefined();
  });
});
