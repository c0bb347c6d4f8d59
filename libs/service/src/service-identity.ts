import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const SERVICE_IDENTITY = Symbol('zagel.serviceIdentity');

export interface ServiceIdentity {
  service: string;
  instanceId: string;
  version: string;
}

function readPackageVersion(): string {
  try {
    const packageJson = JSON.parse(readFileSync(join(process.cwd(), 'package.json'), 'utf8')) as { version?: string };
    return packageJson.version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}

export const PLATFORM_VERSION = process.env.npm_package_version ?? readPackageVersion();
