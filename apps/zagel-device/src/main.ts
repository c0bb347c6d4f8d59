#!/usr/bin/env node
import { DeviceAgent } from './agent/device-agent';
import { errorText, jsonLinesLog } from './agent/agent-log';
import { createBackend } from './backends/create-backend';
import { parseArguments } from './cli-arguments';
import { register } from './commands/register.command';
import { statusReport } from './commands/status.command';
import { BackendName, ConfigProblem, DEFAULT_CONFIG_PATH, loadConfig, stateFiles } from './config/agent-config';

const USAGE = `zagel-device: turns this phone (Termux) or modem box (ModemManager) into a Zagel pool device.

  zagel-device register --server URL --token TOKEN [--backend termux|modemmanager] [--sim-slot N] [--modem M]
                        [--poll-seconds 15] [--heartbeat-seconds 60]
  zagel-device run
  zagel-device status

  --config PATH   the configuration file (default ${DEFAULT_CONFIG_PATH})
See docs/device-agent.md.`;

async function main(argv: string[]): Promise<number> {
  const { command, options } = parseArguments(argv);
  const text = (name: string) => (typeof options[name] === 'string' ? (options[name] as string) : undefined);
  const configPath = text('config') ?? DEFAULT_CONFIG_PATH;
  switch (command) {
    case 'register': {
      const server = text('server');
      const token = text('token');
      if (!server || !token) throw new ConfigProblem('register needs --server URL and --token TOKEN');
      const slot = text('sim-slot');
      const seconds = (name: string) => (text(name) === undefined ? undefined : Number(text(name)));
      const config = await register({
        server,
        token,
        backend: (text('backend') ?? 'termux') as BackendName,
        ...(slot !== undefined ? { simSlot: Number(slot) } : {}),
        ...(text('modem') ? { modem: text('modem') } : {}),
        pollIntervalSeconds: seconds('poll-seconds'),
        heartbeatIntervalSeconds: seconds('heartbeat-seconds'),
        configPath,
      });
      process.stdout.write(`registered with ${config.server} (backend ${config.backend}); configuration in ${configPath}\n`);
      return 0;
    }
    case 'run': {
      const config = loadConfig(configPath);
      const agent = new DeviceAgent(config, createBackend(config), stateFiles(configPath), jsonLinesLog);
      for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void agent.stop(signal));
      const reason = await agent.run();
      // Stopped by a signal: a clean exit. Refused by the server (bad token, replaced): a failure a supervisor should not hide.
      return reason === 'SIGINT' || reason === 'SIGTERM' || reason === 'stopped' ? 0 : 2;
    }
    case 'status':
      process.stdout.write(`${JSON.stringify(statusReport(configPath), null, 2)}\n`);
      return 0;
    default:
      process.stdout.write(`${USAGE}\n`);
      return command === undefined || command === 'help' || options.help ? 0 : 64;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`zagel-device: ${error instanceof ConfigProblem ? error.message : errorText(error)}\n`);
    process.exit(error instanceof ConfigProblem ? 78 : 1);
  },
);
