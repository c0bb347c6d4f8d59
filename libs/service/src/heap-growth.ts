import { setFlagsFromString } from 'node:v8';

/**
 * After each full collection V8 lets the heap grow to a multiple of what survived it before the
 * next one, up to 4× when collections are cheap. A process whose work leaves large short-lived
 * garbage (ingestion's campaign upload chunks, each a megabyte of text that outlives its COPY) then
 * peaks with the length of its input rather than with its live data. This caps the factor at
 * (1 + percent / 100) for the whole process, for a few more full collections.
 */
export function capHeapGrowth(percent: number, setV8Flags: (flags: string) => void = setFlagsFromString): void {
  if (!Number.isInteger(percent) || percent < 10 || percent > 300) {
    throw new RangeError(`heap growth must be a whole percent from 10 to 300, not ${percent}`);
  }
  setV8Flags(`--heap-growing-percent=${percent}`);
}
