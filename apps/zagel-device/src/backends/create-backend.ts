import type { AgentConfig } from '../config/agent-config';
import { ModemManagerBackend } from './modemmanager/modemmanager-backend';
import { toolRunner } from './run-tool';
import type { SmsBackend } from './sms-backend';
import { TermuxBackend } from './termux/termux-backend';

export function createBackend(config: Pick<AgentConfig, 'backend' | 'simSlot' | 'modem'>): SmsBackend {
  const runTool = toolRunner();
  return config.backend === 'termux' ? new TermuxBackend(runTool, { simSlot: config.simSlot }) : new ModemManagerBackend(runTool, { modem: config.modem });
}
