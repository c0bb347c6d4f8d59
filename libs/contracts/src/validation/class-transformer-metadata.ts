// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export type AnyClass = Function;

interface TypeMetadata {
  typeFunction: () => unknown;
}

/** What class-transformer keeps per class; its package has no typings for the path. */
export interface ClassTransformerMetadata {
  findTypeMetadata(target: AnyClass, property: string): TypeMetadata | undefined;
  _typeMetadatas: Map<AnyClass, Map<string, TypeMetadata>>;
  _transformMetadatas: Map<AnyClass, Map<string, unknown>>;
  _exposeMetadatas: Map<AnyClass, Map<string, unknown>>;
  _excludeMetadatas: Map<AnyClass, Map<string, unknown>>;
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
export const classTransformerMetadata = (require('class-transformer/cjs/storage') as { defaultMetadataStorage: ClassTransformerMetadata })
  .defaultMetadataStorage;
