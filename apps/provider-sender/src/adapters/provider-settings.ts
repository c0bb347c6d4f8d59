import { plainToInstance } from 'class-transformer';
import { validateSync, ValidationError } from 'class-validator';
import { MASKED_SECRET } from '@zagel/contracts';
import { ProviderAdapterFactory } from './provider-adapter';

const SECRET_NAME = /secret|token|password|passwd|key|credential|signature/i;

export function isSecretSetting(factory: ProviderAdapterFactory, name: string): boolean {
  return factory.secretSettings ? factory.secretSettings.includes(name) : SECRET_NAME.test(name);
}

/** Settings with every credential replaced by a mask: what the API shows. */
export function maskSettings(factory: ProviderAdapterFactory, settings: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(settings).map(([name, value]) => [name, isSecretSetting(factory, name) ? MASKED_SECRET : value]),
  );
}

/** An update's settings over the stored ones; a masked value sent back unchanged keeps the stored secret. */
export function mergeSettings(stored: Record<string, unknown>, update: Record<string, unknown>): Record<string, unknown> {
  const merged = { ...stored };
  for (const [name, value] of Object.entries(update)) {
    if (value === MASKED_SECRET) continue;
    if (value === null) delete merged[name];
    else merged[name] = value;
  }
  return merged;
}

function flatten(errors: ValidationError[], prefix = ''): string[] {
  return errors.flatMap((error) => {
    const path = `${prefix}${error.property}`;
    const own = Object.values(error.constraints ?? {}).map((text) => (text.startsWith(error.property) ? `${prefix}${text}` : `${path}: ${text}`));
    return [...own, ...flatten(error.children ?? [], `${path}.`)];
  });
}

/** The settings as the factory's class, or the reasons they are not acceptable. */
export function validateProviderSettings(
  factory: ProviderAdapterFactory,
  settings: Record<string, unknown>,
): { ok: true; settings: object } | { ok: false; reasons: string[] } {
  const instance = plainToInstance(factory.settingsClass, settings) as object;
  const errors = validateSync(instance, { whitelist: true, forbidNonWhitelisted: true });
  if (errors.length > 0) return { ok: false, reasons: flatten(errors) };
  return { ok: true, settings: instance };
}
