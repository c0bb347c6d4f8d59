import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';

/**
 * A phone's payload as an instance of `type` if it is a plain object that passes its validation
 * (unknown properties refused), else undefined. Phones are untrusted: nothing else reaches the logic.
 */
export function validatePayload<T extends object>(type: new () => T, value: unknown): T | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const instance = plainToInstance(type, value);
  const errors = validateSync(instance, { whitelist: true, forbidNonWhitelisted: true });
  return errors.length === 0 ? instance : undefined;
}
