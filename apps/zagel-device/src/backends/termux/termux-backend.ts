import { DeviceReadings, InboxMessage, SendEvidence, SendRequest, SmsBackend } from '../sms-backend';
import { RunTool, ToolFailed } from '../run-tool';
import { batteryOf, carrierOf, inboxMessagesOf, parseSmsList, parseTermuxTime, signalOf } from './termux-output';

export interface TermuxOptions {
  /** `-s SLOT` for dual-SIM phones; the default SIM when absent. */
  simSlot?: number;
  /** How many inbox entries each poll reads (`-l`). */
  inboxWindow?: number;
}

/** The newest sent entries looked at for a send interrupted by a crash. */
const SENT_WINDOW = 50;
/** Android stamps `received` to the second, in local time: a sent entry this much before the start still counts. */
const CLOCK_SLACK_MS = 2_000;

/** Android through Termux:API (the Termux:API app and the `termux-api` package). */
export class TermuxBackend implements SmsBackend {
  readonly name = 'termux';

  constructor(
    private readonly run: RunTool,
    private readonly options: TermuxOptions = {},
  ) {}

  async send(request: SendRequest): Promise<void> {
    await request.traced({});
    const slot = this.options.simSlot === undefined ? [] : ['-s', String(this.options.simSlot)];
    const { stdout, stderr } = await this.run('termux-sms-send', ['-n', request.to, ...slot, request.body]);
    // termux-sms-send prints nothing when Android took the SMS; anything else is the API's error text.
    const said = `${stdout}${stderr}`.trim();
    if (said !== '') throw new ToolFailed('termux-sms-send', 'api_error', said);
  }

  async evidenceOfSend(to: string, body: string, startedAt: Date): Promise<SendEvidence> {
    const { stdout } = await this.run('termux-sms-list', ['-t', 'sent', '-l', String(SENT_WINDOW), '-o', '0']);
    const found = parseSmsList(stdout).some((sms) => {
      const at = parseTermuxTime(sms.received);
      return sms.number === to && sms.body === body && at !== undefined && at.getTime() >= startedAt.getTime() - CLOCK_SLACK_MS;
    });
    // Android writes what it sent to the sent box; its absence is no proof (a phone may not keep it).
    return found ? 'sent' : 'unknown';
  }

  async inbox(): Promise<InboxMessage[]> {
    const { stdout } = await this.run('termux-sms-list', ['-t', 'inbox', '-l', String(this.options.inboxWindow ?? 50), '-o', '0']);
    return inboxMessagesOf(parseSmsList(stdout));
  }

  /** Android keeps its inbox; the agent remembers what it reported instead. */
  async settled(): Promise<void> {}

  async readings(): Promise<DeviceReadings> {
    const [battery, carrier, signal] = await Promise.all([
      this.optional('termux-battery-status', batteryOf),
      this.optional('termux-telephony-deviceinfo', carrierOf),
      this.optional('termux-telephony-cellinfo', signalOf),
    ]);
    return { ...(battery !== undefined ? { battery } : {}), ...(signal !== undefined ? { signal } : {}), ...(carrier ? { carrier } : {}) };
  }

  /** A reading the phone cannot give (no permission, no SIM) is left out of the heartbeat, not guessed. */
  private async optional<T>(command: string, read: (text: string) => T): Promise<T | undefined> {
    try {
      return read((await this.run(command, [], { timeoutMs: 15_000 })).stdout);
    } catch {
      return undefined;
    }
  }
}
