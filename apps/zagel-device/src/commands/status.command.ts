import { existsSync, readFileSync } from 'node:fs';
import type { AgentStatus } from '../agent/device-agent';
import { loadConfig, stateFiles } from '../config/agent-config';
import { SendJournal } from '../journal/send-journal';

/** What `zagel-device status` prints: the configuration (token hidden), the running agent's status, the journal's counts. */
export function statusReport(configPath: string): Record<string, unknown> {
  const config = loadConfig(configPath);
  const files = stateFiles(configPath);
  const agent = existsSync(files.status) ? (JSON.parse(readFileSync(files.status, 'utf8')) as AgentStatus) : undefined;
  const journal = new SendJournal(files.journal);
  const unreported = journal.unreported();
  journal.close();
  return {
    server: config.server,
    backend: config.backend,
    token: `…${config.token.slice(-6)}`,
    registeredAt: config.registeredAt,
    agent: agent ? { ...agent, running: agent.stopped === undefined && isAlive(agent.pid) } : { running: false },
    sendsWithin24h: journal.sendsWithinDay(),
    awaitingReport: unreported.filter((entry) => entry.outcome).length,
    inFlight: unreported.filter((entry) => !entry.outcome).length,
  };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
