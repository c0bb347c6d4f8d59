import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';

export const BACKENDS = ['termux', 'modemmanager'] as const;
export type BackendName = (typeof BACKENDS)[number];

/** What `register` stores and `run` reads: the file holds the device token, so it is the owner's alone (0600). */
export interface AgentConfig {
  /** The device-gateway's base URL, e.g. https://devices.zagel.example. */
  server: string;
  /** The device token from `POST /v1/devices`. */
  token: string;
  backend: BackendName;
  /** Termux: the SIM slot for `termux-sms-send -s`. */
  simSlot?: number;
  /** ModemManager: the `-m` modem (default `any`). */
  modem?: string;
  /** Inbox messages received before this are not reported (what was there before the phone joined). */
  registeredAt: string;
  pollIntervalSeconds: number;
  heartbeatIntervalSeconds: number;
}

export const DEFAULT_CONFIG_PATH = join(homedir(), '.config', 'zagel-device', 'config.json');

export const CONFIG_DEFAULTS = { pollIntervalSeconds: 15, heartbeatIntervalSeconds: 60 } as const;

export class ConfigProblem extends Error {
  override readonly name = 'ConfigProblem';
}

/** The journal, the inbound ledger and the status file live beside the config. */
export function stateFiles(configPath: string) {
  const dir = dirname(configPath);
  return { journal: join(dir, 'journal.jsonl'), inbound: join(dir, 'inbound.jsonl'), status: join(dir, 'status.json') };
}

export function loadConfig(path: string): AgentConfig {
  if (!existsSync(path)) throw new ConfigProblem(`no configuration at ${path}: run \`zagel-device register --server URL --token T\` first`);
  let parsed: Partial<AgentConfig>;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8')) as Partial<AgentConfig>;
  } catch {
    throw new ConfigProblem(`${path} is not JSON`);
  }
  const problems: string[] = [];
  if (typeof parsed.server !== 'string' || !/^https?:\/\//.test(parsed.server)) problems.push('server must be an http(s) URL');
  if (typeof parsed.token !== 'string' || parsed.token === '') problems.push('token is missing');
  if (!BACKENDS.includes(parsed.backend as BackendName)) problems.push(`backend must be one of ${BACKENDS.join(', ')}`);
  if (parsed.simSlot !== undefined && !(Number.isInteger(parsed.simSlot) && parsed.simSlot >= 0)) problems.push('simSlot must be a whole number');
  if (typeof parsed.registeredAt !== 'string' || Number.isNaN(Date.parse(parsed.registeredAt))) problems.push('registeredAt must be a date');
  for (const key of ['pollIntervalSeconds', 'heartbeatIntervalSeconds'] as const) {
    const value = parsed[key] ?? CONFIG_DEFAULTS[key];
    if (!(typeof value === 'number' && value > 0)) problems.push(`${key} must be a positive number`);
  }
  if (problems.length > 0) throw new ConfigProblem(`${path}: ${problems.join('; ')}`);
  return { ...CONFIG_DEFAULTS, ...parsed } as AgentConfig;
}

export function saveConfig(path: string, config: AgentConfig): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const next = `${path}.next`;
  writeFileSync(next, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
  chmodSync(next, 0o600);
  renameSync(next, path);
}
