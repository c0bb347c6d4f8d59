import { io } from 'socket.io-client';
import { DEVICE_NAMESPACE } from '@zagel/contracts';
import { AgentConfig, BackendName, BACKENDS, CONFIG_DEFAULTS, ConfigProblem, saveConfig } from '../config/agent-config';

export interface RegisterOptions {
  server: string;
  token: string;
  backend: BackendName;
  simSlot?: number;
  modem?: string;
  pollIntervalSeconds?: number;
  heartbeatIntervalSeconds?: number;
  configPath: string;
}

const HANDSHAKE_TIMEOUT_MS = 20_000;

/** Checks the token with one handshake (the gateway refuses a bad one with its reason), then stores the configuration. */
export async function register(options: RegisterOptions): Promise<AgentConfig> {
  if (!/^https?:\/\//.test(options.server)) throw new ConfigProblem('--server must be an http(s) URL, e.g. https://devices.zagel.example');
  if (!BACKENDS.includes(options.backend)) throw new ConfigProblem(`--backend must be one of ${BACKENDS.join(', ')}`);
  await handshake(options.server, options.token);
  const config: AgentConfig = {
    server: options.server.replace(/\/+$/, ''),
    token: options.token,
    backend: options.backend,
    ...(options.simSlot !== undefined ? { simSlot: options.simSlot } : {}),
    ...(options.modem ? { modem: options.modem } : {}),
    registeredAt: new Date().toISOString(),
    pollIntervalSeconds: options.pollIntervalSeconds ?? CONFIG_DEFAULTS.pollIntervalSeconds,
    heartbeatIntervalSeconds: options.heartbeatIntervalSeconds ?? CONFIG_DEFAULTS.heartbeatIntervalSeconds,
  };
  for (const key of ['pollIntervalSeconds', 'heartbeatIntervalSeconds'] as const) {
    if (!(config[key] > 0)) throw new ConfigProblem(`${key} must be a positive number`);
  }
  saveConfig(options.configPath, config);
  return config;
}

function handshake(server: string, token: string): Promise<void> {
  const socket = io(`${server.replace(/\/+$/, '')}${DEVICE_NAMESPACE}`, { transports: ['websocket'], auth: { token }, reconnection: false, forceNew: true, timeout: HANDSHAKE_TIMEOUT_MS });
  return new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', (error) => reject(new ConfigProblem(`the server refused the token: ${error.message}`)));
  }).finally(() => socket.disconnect());
}
