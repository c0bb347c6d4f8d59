/**
 * Which environment variables the code reads, which of them a deployment must set, and which it
 * may: derived from the config classes, so a setting added to PlatformConfig or to an app's
 * config.ts counts as missing from docs/operations.md and the deployment files until someone
 * adds it there too, and a misspelled one counts as unknown.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { getMetadataStorage } from 'class-validator';
import { PlatformConfig, SERVICE_NAMES, ServiceName } from '@zagel/config';

const ROOT = join(__dirname, '..', '..');

/** Settings the design requires of every deployment (read by auth, billing and ingestion). */
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
/** Kept in the Kubernetes Secret, never in the ConfigMap; marked secret in docs/operations.md. */
export const SECRET_VARIABLES = [
  'DATABASE_URL',
  'REDIS_URL',
  'RABBITMQ_URL',
  'ADMIN_PASSWORD',
  'STRIPE_SECRET_KEY',
  'STRIPE_WEBHOOK_SECRET',
  'OTP_CODE_HMAC_KEY',
  'DEVICE_PROOF_HMAC_KEY',
  'WEBHOOKS_SECRET_KEY',
  'PROVIDER_SECRETS_KEY',
  'SMTP_URL',
  'SENTRY_DSN',
];
/** Set per service or per pod, never shared. */
export const PER_INSTANCE_VARIABLES = ['PORT', 'INSTANCE_ID'];
/** Read by docker/entrypoint.sh to pick the service. */
export const IMAGE_VARIABLES = ['APP'];
/** Knobs for the tests (queues that expire, a fake Stripe): never part of a deployment. */
export const TEST_ONLY_VARIABLES = ['BUS_QUEUE_EXPIRES_MS', 'STRIPE_API_HOST', 'STRIPE_API_PORT', 'STRIPE_API_PROTOCOL'];

/** The heading of the shared settings' table in docs/operations.md. */
export const SHARED_SECTION = 'Every service';

type SettingsClass = new () => object;

/** Properties a settings class declares: those with a default and those with a validator (optional ones have only that). */
function settingNames(settingsClass: SettingsClass): string[] {
  const validated = getMetadataStorage()
    .getTargetValidationMetadatas(settingsClass, '', true, false)
    .map((metadata) => metadata.propertyName);
  return [...new Set([...Object.keys(new settingsClass()), ...validated])];
}

/** The settings class an app's config.ts exports (e.g. BillingConfig), if it has one. */
function appSettingsClass(app: ServiceName): SettingsClass | undefined {
  const file = join(ROOT, 'apps', app, 'src', 'config.ts');
  if (!existsSync(file)) return undefined;
  // The list of apps is data (SERVICE_NAMES), so their config modules are loaded by path.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return Object.values(require(file) as Record<string, unknown>).find(
    (value): value is SettingsClass => typeof value === 'function' && value.prototype instanceof PlatformConfig,
  );
}

/** A settings class and the variables it adds to those it inherits. */
export interface SettingsOwner {
  /** SHARED_SECTION for PlatformConfig, else the app's name (also its heading in docs/operations.md). */
  section: string;
  settingsClass: SettingsClass;
  names: string[];
}

const sharedNames = settingNames(PlatformConfig);

export const SETTINGS_OWNERS: SettingsOwner[] = [
  { section: SHARED_SECTION, settingsClass: PlatformConfig, names: sharedNames },
  ...SERVICE_NAMES.flatMap((app) => {
    const settingsClass = appSettingsClass(app);
    if (!settingsClass) return [];
    return [{ section: app, settingsClass, names: settingNames(settingsClass).filter((name) => !sharedNames.includes(name)) }];
  }),
];

/** The settings class a service validates its environment with. */
export const settingsClassOf = (app: ServiceName): SettingsClass =>
  SETTINGS_OWNERS.find((owner) => owner.section === app)?.settingsClass ?? PlatformConfig;

/** Every variable a config class reads. */
export const CONFIG_VARIABLES = new Set(SETTINGS_OWNERS.flatMap((owner) => owner.names));

const deployed = (names: Iterable<string>) =>
  [...new Set(names)].filter((name) => !PER_INSTANCE_VARIABLES.includes(name) && !TEST_ONLY_VARIABLES.includes(name)).sort();

/** What one service's deployment sets: everything its config reads and the design's settings (not PORT, INSTANCE_ID, test knobs). */
export const deploymentVariablesOf = (app: ServiceName): string[] =>
  deployed([...sharedNames, ...(SETTINGS_OWNERS.find((owner) => owner.section === app)?.names ?? []), ...DESIGN_VARIABLES]);

/** What a deployment shared by every service (one ConfigMap and one Secret) sets. */
export const DEPLOYMENT_VARIABLES = deployed([...CONFIG_VARIABLES, ...DESIGN_VARIABLES]);

export const KNOWN_VARIABLES = new Set([...CONFIG_VARIABLES, ...DESIGN_VARIABLES, ...PER_INSTANCE_VARIABLES, ...IMAGE_VARIABLES]);

export const missingFrom = (names: Iterable<string>, wanted: readonly string[]): string[] => {
  const have = new Set(names);
  return wanted.filter((name) => !have.has(name));
};

export const unknownIn = (names: Iterable<string>): string[] => [...names].filter((name) => !KNOWN_VARIABLES.has(name));
