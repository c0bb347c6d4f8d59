import { DeviceReadings, InboxMessage, operatorFromCode, SendEvidence, SendRefused, SendRequest, SendTrace, SmsBackend } from '../sms-backend';
import { RunTool, ToolFailed } from '../run-tool';
import { barsOf, parseKeyValue, parseModemTime, quotedValue, smsIndexesIn } from './mmcli-output';

export interface ModemManagerOptions {
  /** `-m` argument: a modem index or `any` (the first modem). */
  modem?: string;
}

const NUMBER = /^\+?\d{3,20}$/;

/** A GSM modem on Linux through ModemManager's `mmcli`. The agent owns the modem's SMS storage: it deletes what it reported. */
export class ModemManagerBackend implements SmsBackend {
  readonly name = 'modemmanager';
  private readonly modem: string;

  constructor(
    private readonly run: RunTool,
    options: ModemManagerOptions = {},
  ) {
    this.modem = options.modem ?? 'any';
  }

  async send(request: SendRequest): Promise<void> {
    const text = quotedValue(request.body);
    if (!NUMBER.test(request.to)) throw new SendRefused('invalid_number');
    if (text === undefined) throw new SendRefused('unsupported_text');
    const created = await this.run('mmcli', ['-m', this.modem, `--messaging-create-sms=text=${text},number='${request.to}'`]);
    const [index] = smsIndexesIn(created.stdout);
    if (!index) throw new ToolFailed('mmcli', 'no_sms_created', created.stdout + created.stderr);
    await request.traced({ smsPath: index });
    await this.run('mmcli', ['-s', index, '--send'], { timeoutMs: 120_000 });
  }

  async evidenceOfSend(_to: string, _body: string, _startedAt: Date, trace: SendTrace): Promise<SendEvidence> {
    // Without the SMS object's index the crash came before it was created: nothing went out.
    if (!trace.smsPath) return 'not_sent';
    try {
      const state = parseKeyValue((await this.run('mmcli', ['-s', trace.smsPath, '-K'])).stdout).get('sms.properties.state');
      if (state === 'sent') return 'sent';
      if (state === 'stored' || state === 'unknown') return 'not_sent';
      return 'unknown';
    } catch {
      return 'unknown';
    }
  }

  /** The SMS object a finished send left in ModemManager; removed once the journal holds the outcome. */
  async forget(trace: SendTrace): Promise<void> {
    if (trace.smsPath) await this.run('mmcli', ['-m', this.modem, `--messaging-delete-sms=${trace.smsPath}`]);
  }

  async inbox(): Promise<InboxMessage[]> {
    const listed = await this.run('mmcli', ['-m', this.modem, '--messaging-list-sms', '-K']);
    const messages: InboxMessage[] = [];
    for (const index of smsIndexesIn(listed.stdout)) {
      const sms = parseKeyValue((await this.run('mmcli', ['-s', index, '-K'])).stdout);
      // `receiving` is a multipart SMS still arriving; `submit` ones are the agent's own sends.
      if (sms.get('sms.properties.pdu-type') !== 'deliver' || sms.get('sms.properties.state') !== 'received') continue;
      const from = sms.get('sms.content.number') ?? '';
      if (from === '') continue;
      messages.push({ id: index, from, body: sms.get('sms.content.text') ?? '', receivedAt: parseModemTime(sms.get('sms.properties.timestamp')) ?? new Date() });
    }
    return messages;
  }

  async settled(message: InboxMessage): Promise<void> {
    await this.run('mmcli', ['-m', this.modem, `--messaging-delete-sms=${message.id}`]);
  }

  async readings(): Promise<DeviceReadings> {
    try {
      const modem = parseKeyValue((await this.run('mmcli', ['-m', this.modem, '-K'], { timeoutMs: 15_000 })).stdout);
      const carrier = operatorFromCode(modem.get('modem.3gpp.operator-code'), modem.get('modem.3gpp.operator-name'));
      const quality = modem.get('modem.generic.signal-quality.value');
      const signal = quality ? barsOf(Number(quality)) : undefined;
      return { ...(signal !== undefined ? { signal } : {}), ...(carrier ? { carrier } : {}) };
    } catch {
      return {};
    }
  }
}
