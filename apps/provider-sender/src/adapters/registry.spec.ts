import { PROVIDER_KINDS } from './provider-adapter';
import { adapterFactoryFor } from './registry';

describe('adapterFactoryFor', () => {
  it.each(PROVIDER_KINDS)('finds the %s factory by its kind', (kind) => {
    expect(adapterFactoryFor(kind)?.kind).toBe(kind);
  });

  it('finds nothing for an unknown kind', () => {
    expect(adapterFactoryFor('carrier-pigeon')).toBeUndefined();
  });
});
