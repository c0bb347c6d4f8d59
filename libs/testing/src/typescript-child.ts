import { join } from 'node:path';

/** `node -r <this>` lets a child process run the repo's TypeScript sources, the way jest does. */
export const TS_REGISTER = join(__dirname, '..', 'ts-register.js');

/** Arguments for `spawn(process.execPath, ...)` that run a TypeScript fixture file. */
export function typescriptChildArgs(fixture: string, ...args: string[]): string[] {
  return ['-r', TS_REGISTER, fixture, ...args];
}
