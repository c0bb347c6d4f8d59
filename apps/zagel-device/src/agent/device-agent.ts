import { writeFileSync } from 'node:fs';
import { DeviceConfigNotice } from '@zagel/contracts';
import type { SmsBackend } from '../backends/sms-backend';
import { AgentConfig } from '../config/agent-config';
import { DeviceConnection } from '../connection/device-connection';
import { InboundLedger } from '../inbound/inbound-ledger';
import { InboundPoller } from '../inbound/inbound-poller';
import { recoverSends } from '../journal/recover-sends';
import { SendJournal } from '../journal/send-journal';
import { AgentLog, errorText } from './agent-log';
import { OutboundSender } from './outbound-sender';

export interface AgentFiles {
  journal: string;
  inbound: string;
  status: string;
}

/** What `zagel-device status` shows of a running agent. */
export interface AgentStatus {
  pid: number;
  backend: string;
  connected: boolean;
  since: string;
  settings?: DeviceConfigNotice;
  lastHeartbeatAt?: string;
  stopped?: string;
}

/**
 * The running agent: recovers the journal, holds the connection, sends what the server pushes,
 * reports outcomes and inbound SMS, and sends heartbeats with what the phone reads of itself.
 */
export class DeviceAgent {
  private readonly journal: SendJournal;
  private readonly ledger: InboundLedger;
  private readonly connection: DeviceConnection;
  private readonly sender: OutboundSender;
  private readonly poller: InboundPoller;
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly status: AgentStatus;
  private finished?: (reason: string) => void;
  private beating = false;

  constructor(
    private readonly config: AgentConfig,
    private readonly backend: SmsBackend,
    private readonly files: AgentFiles,
    private readonly log: AgentLog,
  ) {
    this.journal = new SendJournal(files.journal);
    this.ledger = new InboundLedger(files.inbound);
    this.connection = new DeviceConnection(config.server, config.token);
    this.sender = new OutboundSender(this.journal, backend, (report) => this.connection.emitWithAck('sms:status', report), log);
    this.poller = new InboundPoller(backend, this.ledger, (report) => this.connection.emitWithAck('sms:received', report), log, new Date(config.registeredAt));
    this.status = { pid: process.pid, backend: backend.name, connected: false, since: new Date().toISOString() };
  }

  /** Runs until `stop()` or a fatal refusal; resolves with why it ended. */
  async run(): Promise<string> {
    const recovered = await recoverSends(this.journal, this.backend);
    for (const send of recovered) this.log('send-recovered', { ...send });
    this.journal.compact();
    const ended = new Promise<string>((resolve) => (this.finished = resolve));
    this.listen();
    this.connection.open();
    this.every(this.config.pollIntervalSeconds, () => this.connection.connected && this.poller.poll());
    this.every(this.config.heartbeatIntervalSeconds, () => this.connection.connected && this.heartbeat());
    // Reports the server did not ack (it was unavailable, or an ack was lost) are tried again.
    this.every(this.config.heartbeatIntervalSeconds, () => this.connection.connected && this.sender.reportPending());
    return ended;
  }

  async stop(reason = 'stopped'): Promise<void> {
    for (const timer of this.timers) clearInterval(timer);
    await this.sender.idle();
    this.connection.close();
    this.journal.close();
    this.ledger.close();
    this.writeStatus({ connected: false, stopped: reason });
    this.finished?.(reason);
  }

  private listen(): void {
    this.connection.on('connected', () => {
      this.log('connected', { server: this.config.server });
      this.writeStatus({ connected: true });
      void this.heartbeat();
      void this.sender.reportPending();
      void this.poller.poll();
    });
    this.connection.on('disconnected', (reason) => {
      this.log('disconnected', { reason });
      this.writeStatus({ connected: false });
    });
    this.connection.on('retrying', (delayMs, why) => this.log('reconnecting', { inMs: delayMs, why }));
    this.connection.on('config', (notice) => {
      this.sender.configure(notice);
      this.log('config', { ...notice });
      this.writeStatus({ settings: notice });
    });
    this.connection.on('send', (request, ack) => this.sender.take(request, ack));
    this.connection.on('fatal', (reason) => {
      this.log('refused', { reason });
      void this.stop(reason);
    });
  }

  private async heartbeat(): Promise<void> {
    // A slow phone must not pile up tool processes: one heartbeat at a time.
    if (this.beating) return;
    this.beating = true;
    try {
      await this.sendHeartbeat();
    } finally {
      this.beating = false;
    }
  }

  private async sendHeartbeat(): Promise<void> {
    const readings = await this.backend.readings();
    try {
      const answer = await this.connection.emitWithAck('device:heartbeat', readings);
      this.log('heartbeat', { ...readings, answer });
      if (answer.ok) this.writeStatus({ lastHeartbeatAt: new Date().toISOString() });
    } catch (error) {
      this.log('heartbeat-unacked', { error: errorText(error) });
    }
  }

  private every(seconds: number, work: () => unknown): void {
    const timer = setInterval(() => {
      Promise.resolve(work()).catch((error: unknown) => this.log('task-failed', { error: errorText(error) }));
    }, seconds * 1_000);
    this.timers.push(timer);
  }

  private writeStatus(change: Partial<AgentStatus>): void {
    Object.assign(this.status, change);
    try {
      writeFileSync(this.files.status, `${JSON.stringify(this.status, null, 2)}\n`, { mode: 0o600 });
    } catch (error) {
      this.log('status-unwritable', { error: errorText(error) });
    }
  }
}
