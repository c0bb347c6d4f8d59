import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { validateSync, ValidationError } from 'class-validator';

export class ConfigError extends Error {
  constructor(
    readonly service: string,
    readonly problems: string[],
  ) {
    super(`${service}: invalid configuration: ${problems.join('; ')}`);
    this.name = 'ConfigError';
  }
}

function describe(errors: ValidationError[]): string[] {
  // Values are never echoed: a misspelled secret must not end up in a log.
  return errors.flatMap((error) =>
    Object.values(error.constraints ?? {}).map((message) => `${error.property}: ${message}`),
  );
}

/**
 * Reads the environment once into a typed, validated settings object.
 * Empty strings count as unset so `FOO=` falls back to the default.
 */
export function loadConfig<T extends object>(
  service: string,
  settingsClass: new () => T,
  env: NodeJS.ProcessEnv = process.env,
): T {
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const settings = plainToInstance(settingsClass, present, { exposeDefaultValues: true });
  const errors = validateSync(settings, { skipMissingProperties: false, forbidUnknownValues: false });
  if (errors.length > 0) throw new ConfigError(service, describe(errors));
  return settings;
}
