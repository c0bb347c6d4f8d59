import { execFile } from 'node:child_process';
import { ModemManagerBackend } from '../src/backends/modemmanager/modemmanager-backend';
import { RunTool, ToolFailed, toolRunner } from '../src/backends/run-tool';
import { SendRefused, SendTrace } from '../src/backends/sms-backend';
import { TermuxBackend } from '../src/backends/termux/termux-backend';
import { StandInTools } from './support/stand-in-tools';

/**
 * Each backend driving the stand-in tools (test/fixtures/bin), which take the real tools' arguments,
 * print their documented output and record what they were asked.
 */

let tools: StandInTools;
let run: RunTool;

beforeEach(() => {
  tools = new StandInTools();
  // The agent's own runner, with the stand-ins first on PATH.
  run = toolRunner({ ...process.env, ...tools.env });
});
afterEach(() => tools.remove());

const traces: SendTrace[] = [];
const request = (to: string, body: string) => ({ to, body, traced: async (trace: SendTrace) => void traces.push(trace) });

describe('termux', () => {
  it('sends with termux-sms-send -n NUMBER [-s SLOT] TEXT', async () => {
    await new TermuxBackend(run).send(request('+201001234567', 'Your code is 123456.'));
    await new TermuxBackend(run, { simSlot: 1 }).send(request('+201001234568', 'second'));

    expect(tools.calls('termux-sms-send').map((call) => call.args)).toEqual([
      ['-n', '+201001234567', 'Your code is 123456.'],
      ['-n', '+201001234568', '-s', '1', 'second'],
    ]);
    expect(tools.messages('sent').map((sms) => [sms.number, sms.body])).toEqual([
      ['+201001234567', 'Your code is 123456.'],
      ['+201001234568', 'second'],
    ]);
  });

  it('fails a send the API answered with an error text', async () => {
    tools.failSends(true);
    await expect(new TermuxBackend(run).send(request('+201001234567', 'x'))).rejects.toMatchObject({ code: 'api_error' });
  });

  it('reads the inbox with termux-sms-list -t inbox, and finds an interrupted send in the sent box', async () => {
    const startedAt = new Date(Date.now() - 1_000);
    tools.receive('+201009999999', 'STOP');
    const backend = new TermuxBackend(run);
    await backend.send(request('+201001234567', 'Your code is 123456.'));

    expect(await backend.inbox()).toEqual([{ id: expect.any(String), from: '+201009999999', body: 'STOP', receivedAt: expect.any(Date) }]);
    expect(tools.calls('termux-sms-list')[0].args).toEqual(['-t', 'inbox', '-l', '50', '-o', '0']);
    expect(await backend.evidenceOfSend('+201001234567', 'Your code is 123456.', startedAt)).toBe('sent');
    expect(await backend.evidenceOfSend('+201001234567', 'another text', startedAt)).toBe('unknown');
  });

  it('reads battery, signal and carrier (MCC/MNC from the SIM operator)', async () => {
    expect(await new TermuxBackend(run).readings()).toEqual({ battery: 87, signal: 3, carrier: { mcc: '602', mnc: '02', name: 'vodafone EG' } });
  });

  it('leaves out what a missing tool cannot tell', async () => {
    const missing: RunTool = () => Promise.reject(new ToolFailed('termux-battery-status', 'not_found', ''));
    expect(await new TermuxBackend(missing).readings()).toEqual({});
  });
});

describe('modemmanager', () => {
  it('creates the SMS, sends it with -s N --send, and forgets it once the outcome is journaled', async () => {
    traces.length = 0;
    const backend = new ModemManagerBackend(run);
    await backend.send(request('+201001234567', "It's 123456."));

    const calls = tools.calls('mmcli').map((call) => call.args);
    expect(calls).toEqual([
      ['-m', 'any', `--messaging-create-sms=text="It's 123456.",number='+201001234567'`],
      ['-s', traces[0].smsPath, '--send'],
    ]);
    expect(await backend.evidenceOfSend('+201001234567', "It's 123456.", new Date(), traces[0])).toBe('sent');
    await backend.forget(traces[0]);
    expect(tools.messages('modem')).toEqual([]);
  });

  it('refuses a text holding both quote kinds (ModemManager cannot take it) without calling mmcli', async () => {
    await expect(new ModemManagerBackend(run).send(request('+201001234567', `it's "quoted"`))).rejects.toEqual(new SendRefused('unsupported_text'));
    expect(tools.calls('mmcli')).toEqual([]);
  });

  it('a created SMS never sent is evidence that nothing went out', async () => {
    await run('mmcli', ['-m', 'any', "--messaging-create-sms=text='x',number='+201001234567'"]);
    const [created] = tools.messages('modem');
    expect(await new ModemManagerBackend(run).evidenceOfSend('+201001234567', 'x', new Date(), { smsPath: String(created.id) })).toBe('not_sent');
  });

  it('lists received SMS, and deletes one once settled', async () => {
    tools.receive('+201009999999', 'HELP', new Date('2026-12-03T10:00:00Z'));
    const backend = new ModemManagerBackend(run);

    const inbox = await backend.inbox();
    expect(inbox).toEqual([{ id: expect.any(String), from: '+201009999999', body: 'HELP', receivedAt: new Date('2026-12-03T10:00:00Z') }]);
    await backend.settled(inbox[0]);
    expect(tools.messages('inbox')).toEqual([]);
    expect(tools.calls('mmcli').map((call) => call.args[2])).toContain(`--messaging-delete-sms=${inbox[0].id}`);
  });

  it('reads the operator code and name and the signal quality', async () => {
    expect(await new ModemManagerBackend(run).readings()).toEqual({ signal: 3, carrier: { mcc: '602', mnc: '02', name: 'vodafone EG' } });
  });
});

it('the stand-ins refuse what the real tools refuse', async () => {
  const exec = (command: string, args: string[]) =>
    new Promise<number>((resolve) => execFile(command, args, { env: { ...process.env, ...tools.env } }, (error) => resolve(error ? Number(error.code) : 0)));
  expect(await exec('termux-sms-send', ['hello'])).toBe(1);
  expect(await exec('mmcli', ['-m', 'any', '--messaging-create-sms=text=x'])).toBe(1);
  expect(await exec('mmcli', ['-s', '99', '--send'])).toBe(1);
});
