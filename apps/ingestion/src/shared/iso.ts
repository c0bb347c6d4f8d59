/** An optional timestamp as the contracts carry it. */
export function isoOrUndefined(value: Date | string | null | undefined): string | undefined {
  if (value === null || value === undefined) return undefined;
  return (value instanceof Date ? value : new Date(value)).toISOString();
}

type WithoutNull<T> = { [K in keyof T]: Exclude<T[K], null> };

/** Drops null and undefined fields, so views carry only what is known. */
export function withoutEmpty<T extends object>(record: T): WithoutNull<T> {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== null && value !== undefined)) as WithoutNull<T>;
}
