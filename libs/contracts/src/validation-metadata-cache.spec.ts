import { IsInt, IsString, MetadataStorage, Min } from 'class-validator';
import { parsePayload } from './contract';
import { cacheValidationMetadata } from './validation-metadata-cache';

class Base {
  @IsString()
  name: string;
}

class Derived extends Base {
  @IsInt()
  count: number;
}

describe('the validation metadata cache', () => {
  it('still applies inherited rules, and rules added after a class was first validated', () => {
    expect(() => parsePayload('derived', Derived, { name: 'a', count: 1 })).not.toThrow();
    expect(() => parsePayload('derived', Derived, { name: 1, count: 1 })).toThrow('name must be a string');

    // A decorator applied later (a class defined after the first validation) must not be missed.
    Min(5)(Derived.prototype, 'count');
    expect(() => parsePayload('derived', Derived, { name: 'a', count: 1 })).toThrow('count must not be less than 5');
  });

  it('resolves a class once until a rule is added', () => {
    const storage = new MetadataStorage();
    const resolve = jest.spyOn(storage, 'getTargetValidationMetadatas');
    cacheValidationMetadata(storage);
    storage.getTargetValidationMetadatas(Derived, '', false, false);
    storage.getTargetValidationMetadatas(Derived, '', false, false);
    expect(resolve).toHaveBeenCalledTimes(1);
    storage.addValidationSchema({ name: 'other', properties: {} });
    storage.getTargetValidationMetadatas(Derived, '', false, false);
    expect(resolve).toHaveBeenCalledTimes(2);
  });
});
