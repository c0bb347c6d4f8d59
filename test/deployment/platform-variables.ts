/**
 * Which environment variables a deployment must set, and which it may: derived from the
 * config classes, so a setting added to PlatformConfig counts as missing from the deployment
 * files until someone adds it there too, and a misspelled one counts as unknown.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { getMetadataStorage } from 'class-validator';
import { PlatformConfig, SERVICE_PORTS } from '@zagel/config';

const ROOT = join(__dirname, '..', '..');

/** Settings the design requires of every deployment, whether or not a config class reads them yet. */
export const DESIGN_VARIABLES = [
  'DATABASE_URL',
  'REDIS_URL',
  'RABBITMQ_URL',
  'ADMIN_EMAIL',
  'ADMIN_PASSWORD',
  'STRIPE_SECRET_KEY',
  'STRIPE_WEBHOOK_SECRET',
  'WEBHOOKS_ALLOW_PRIVATE',
];
export const SECRET_VARIABLES = [
  'DATABASE_URL',
  'REDIS_URL',
  'RABBITMQ_URL',
  'ADMIN_PASSWORD',
  'STRIPE_SECRET_KEY',
  'STRIPE_WEBHOOK_SECRET',
];
/** Set per service or per pod, never shared. */
export const PER_INSTANCE_VARIABLES = ['PORT', 'INSTANCE_ID'];
/** Read by docker/entrypoint.sh to pick the service. */
export const IMAGE_VARIABLES = ['APP'];

/** Properties a settings class declares: those with a default and those with a validator (optional ones have only that). */
function settingNames(settingsClass: new () => object): string[] {
  const validated = getMetadataStorage()
    .getTargetValidationMetadatas(settingsClass, '', true, false)
    .map((metadata) => metadata.propertyName);
  return [...new Set([...Object.keys(new settingsClass()), ...validated])];
}

/** Every settings class an app's config.ts exports, e.g. BillingConfig. */
function appSettingClasses(): Array<new () => object> {
  return Object.keys(SERVICE_PORTS)
    .map((app) => join(ROOT, 'apps', app, 'src', 'config.ts'))
    .filter((file) => existsSync(file))
    // The list of apps is data (SERVICE_PORTS), so their config modules are loaded by path.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    .flatMap((file) => Object.values(require(file) as Record<string, unknown>))
    .filter((value): value is new () => object => typeof value === 'function' && value.prototype instanceof PlatformConfig);
}

/**
 * Every deployment sets the platform settings that have a default (and the design's names);
 * optional ones without a default (ZAGEL_NAMESPACE, test-only knobs) may be set, never must.
 */
export const SHARED_VARIABLES = [...new Set([...Object.keys(new PlatformConfig()), ...DESIGN_VARIABLES])]
  .filter((name) => !PER_INSTANCE_VARIABLES.includes(name))
  .sort();
export const KNOWN_VARIABLES = new Set([
  ...SHARED_VARIABLES,
  ...settingNames(PlatformConfig),
  ...PER_INSTANCE_VARIABLES,
  ...IMAGE_VARIABLES,
  ...appSettingClasses().flatMap(settingNames),
]);

export const missingFrom = (names: Iterable<string>, wanted: readonly string[]): string[] => {
  const have = new Set(names);
  return wanted.filter((name) => !have.has(name));
};

export const unknownIn = (names: Iterable<string>): string[] => [...names].filter((name) => !KNOWN_VARIABLES.has(name));
