import { getMetadataStorage, MetadataStorage } from 'class-validator';

type Resolve = MetadataStorage['getTargetValidationMetadatas'];

const GENERATION = Symbol.for('zagel.validationMetadataGeneration');

type CachedStorage = MetadataStorage & { [GENERATION]?: number };

/**
 * Moves whenever a rule or schema is added to the storage: what was compiled from the rules before is
 * stale. Kept on the storage itself, which class-validator shares through the global object, so every
 * copy of this module (Jest loads one per test file) reads the one count the patch moves.
 */
export function validationMetadataGeneration(storage: MetadataStorage = getMetadataStorage()): number {
  return (storage as CachedStorage)[GENERATION] ?? 0;
}

/**
 * class-validator resolves a class's rules on every `validate()` by testing every decorated class
 * in the process for inheritance (typestack/class-validator#2686, open). With the ~200 contract
 * classes of this repo that lookup was most of a bus message's cost: about 22 µs of the 37 µs a
 * consumer spent validating one payload. A class's rules change only when a decorator adds one, so
 * the resolved list is kept per class and forgotten whenever a rule or schema is added.
 */
export function cacheValidationMetadata(storage: MetadataStorage = getMetadataStorage()): void {
  const patched = storage as CachedStorage;
  if (patched[GENERATION] !== undefined) return;
  patched[GENERATION] = 0;

  const resolve: Resolve = storage.getTargetValidationMetadatas.bind(storage);
  let resolved = new WeakMap<object, Map<string, ReturnType<Resolve>>>();
  const forget = () => {
    resolved = new WeakMap();
    patched[GENERATION]! += 1;
  };

  storage.getTargetValidationMetadatas = (target, schema, always, strictGroups, groups) => {
    const key = `${schema}\u0000${always}\u0000${strictGroups}\u0000${groups?.join('\u0001') ?? ''}`;
    const byOptions = resolved.get(target) ?? new Map<string, ReturnType<Resolve>>();
    let metadata = byOptions.get(key);
    if (!metadata) {
      metadata = resolve(target, schema, always, strictGroups, groups);
      byOptions.set(key, metadata);
      resolved.set(target, byOptions);
    }
    return metadata;
  };
  const addMetadata = storage.addValidationMetadata.bind(storage);
  storage.addValidationMetadata = (metadata) => {
    forget();
    addMetadata(metadata);
  };
  const addSchema = storage.addValidationSchema.bind(storage);
  storage.addValidationSchema = (schema) => {
    forget();
    addSchema(schema);
  };
}
