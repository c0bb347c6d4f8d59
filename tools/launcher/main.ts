import { resolve } from 'node:path';
import { ConfigError, loadConfig, PlatformConfig } from '@zagel/config';
import { LauncherCommand, parseLauncherArgs, USAGE, UsageError } from './cli';
import { LOCAL_OPERATOR, withLocalDefaults } from './local-defaults';
import { migrateDatabases } from './migrate-command';
import { LauncherOutput, useColor } from './output';
import { planServices } from './service-plan';
import { startPlatform } from './start-command';

/** The launcher needs the shared settings, not a port of its own. */
class LauncherSettings extends PlatformConfig {
  override PORT = 0;
}

// Compiled to dist/tools/launcher/main.js: the repository root is three levels up.
const rootDir = resolve(__dirname, '..', '..', '..');

async function run(argv: string[]): Promise<number> {
  let command: LauncherCommand;
  try {
    command = parseLauncherArgs(argv);
    if (command.kind === 'help') {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    }
    const settings = loadConfig('launcher', LauncherSettings);
    const terminal = process.stdout.isTTY === true;
    const { env, defaulted } = withLocalDefaults(process.env);
    const plans = planServices(command.services, { rootDir, env, terminal });
    const output = new LauncherOutput(command.services, useColor(process.stdout, process.env));
    if (defaulted && command.kind === 'start') {
      output.say(`platform operator: ${LOCAL_OPERATOR.ADMIN_EMAIL} (local default; set ADMIN_EMAIL and ADMIN_PASSWORD to choose)`, 'warn');
    }
    const urls = { DATABASE_URL: settings.DATABASE_URL, REDIS_URL: settings.REDIS_URL, RABBITMQ_URL: settings.RABBITMQ_URL };
    return command.kind === 'migrate'
      ? await migrateDatabases({ rootDir, plans, urls, output })
      : await startPlatform({ rootDir, plans, urls, output, readyTimeoutMs: command.readyTimeoutMs });
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`${error.message} (see --help)\n`);
      return 2;
    }
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.problems.map((problem) => `invalid setting ${problem}`).join('\n')}\n`);
      return 1;
    }
    throw error;
  }
}

run(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`launcher failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
