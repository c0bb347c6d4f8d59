import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeviceCredentials, generateMobileNumber, registerPhone } from '@zagel/device-simulator';
import { E2E_TIMINGS, otpCodeIn, TestCustomer, TestPhoneOwner, TestPlatform, until } from '@zagel/testing';
import { AgentProcess, runAgentCommand } from './support/agent-process';
import { StandInTools } from './support/stand-in-tools';

/**
 * `zagel-device` against the real platform: a phone registered through `POST /v1/devices`, the agent
 * registered with its device token and run as a process with the stand-in Termux:API or mmcli tools
 * on PATH, OTPs sent with `POST /v1/verifications` and approved with the code the tools were asked to send.
 */

// A phone holds an accepted message for up to DEVICE_SEND_TIMEOUT_MS: long enough here for the agent
// to be killed and restarted within it.
const platform = new TestPlatform({ settings: { ...E2E_TIMINGS, DEVICE_SEND_TIMEOUT_MS: '300000', OTP_RESEND_COOLDOWN_SECONDS: '0', OTP_PREFIX_VELOCITY_LIMIT: '1000', OTP_ORG_VELOCITY_LIMIT: '1000', OTP_PUMPING_MIN_VOLUME: '1000' } });
// Each test starts processes (the agent, its tools) on a machine the services already load: generous on purpose.
jest.setTimeout(300_000);
let customer: TestCustomer;
let owner: TestPhoneOwner;

beforeAll(async () => {
  await platform.start();
  customer = await platform.customer({ credit: 100_000 });
  owner = await platform.phoneOwner();
}, 180_000);
afterAll(() => platform.stop(), 60_000);

type Backend = 'termux' | 'modemmanager';

interface Rig {
  tools: StandInTools;
  device: DeviceCredentials;
  configPath: string;
  agent: AgentProcess;
}

const rigs: Rig[] = [];

afterEach(async () => {
  for (const rig of rigs.splice(0)) {
    await rig.agent.kill();
    const holding = rig.tools.holding();
    if (holding) killIfAlive(holding);
    await rig.tools.remove();
    rmSync(join(rig.configPath, '..'), { recursive: true, force: true });
    // The next test's OTP must find only its own phone online.
    await online(rig.device.deviceId, false);
  }
}, 60_000);

/** A Vodafone Egypt phone registered by the owner, and the agent registered with its token (not yet running). */
async function registeredAgent(backend: Backend): Promise<Rig> {
  const tools = new StandInTools();
  const device = await registerPhone(owner.api, { country: 'EG', carrier: 'Vodafone', label: `${backend} agent` });
  const configPath = join(mkdtempSync(join(tmpdir(), 'zagel-device-')), 'config.json');
  const registered = await runAgentCommand(
    ['register', '--server', platform.url('device-gateway'), '--token', device.deviceToken, '--backend', backend, '--config', configPath, '--poll-seconds', '1', '--heartbeat-seconds', '5'],
    tools.env,
  );
  expect(registered).toMatchObject({ status: 0, stderr: '' });
  const rig = { tools, device, configPath, agent: new AgentProcess(configPath, tools.env) };
  rigs.push(rig);
  return rig;
}

function killIfAlive(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

/** The agent says it is connected, and the platform sees its phone online. */
async function connected(agent: AgentProcess, deviceId: string): Promise<void> {
  await agent.waitFor('connected', undefined, 120_000);
  await online(deviceId);
}

/** Waits until the owner sees the device online (or offline) and the router's pools agree. */
async function online(deviceId: string, isOnline = true): Promise<void> {
  await until(
    async () => (await owner.api.get('/v1/devices?limit=100')).body.items.some((device) => device.id === deviceId && device.online === isOnline),
    { what: `device ${deviceId} to be ${isOnline ? 'online' : 'offline'}`, deadline: 60_000 },
  );
  const operator = await platform.asOperator();
  await until(
    async () => {
      const phones = (await operator.get('/v1/admin/pools')).body.items.reduce((sum, pool) => sum + pool.onlinePhones, 0);
      return isOnline ? phones > 0 : phones === 0;
    },
    { what: `the pools to hold ${isOnline ? 'the phone' : 'no phone'}`, deadline: 60_000, interval: 100 },
  );
}

/** The recipient and text of every SMS the stand-in tools were asked to send. */
function sendsAskedFor(tools: StandInTools, backend: Backend): { to: string; body: string }[] {
  if (backend === 'termux') return tools.calls('termux-sms-send').map(({ args }) => ({ to: args[1], body: args.at(-1)! }));
  return tools
    .calls('mmcli')
    .map(({ args }) => /^--messaging-create-sms=text=(['"])(.*)\1,number='(.*)'$/s.exec(args[2] ?? ''))
    .filter((match) => match !== null)
    .map((match) => ({ to: match![3], body: match![2] }));
}

async function startVerification(to: string): Promise<string> {
  return (await customer.app.post('/v1/verifications', { to })).expectStatus(201).id;
}

async function approve(verificationId: string, code: string): Promise<string> {
  return (await customer.app.post('/v1/verifications/check', { verificationId, code })).expectStatus(200).status;
}

describe.each(['termux', 'modemmanager'] as const)('the agent with the %s backend', (backend) => {
  it('registers (configuration readable by its owner only), connects, and sends heartbeats with the carrier from the operator code', async () => {
    const { configPath, device, agent } = await registeredAgent(backend);
    expect(statSync(configPath).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(configPath, 'utf8'))).toMatchObject({ server: platform.url('device-gateway'), token: device.deviceToken, backend });

    await connected(agent.start(), device.deviceId);
    const heartbeat = await agent.waitFor('heartbeat', (entry) => (entry.answer as { ok: boolean }).ok);
    expect(heartbeat).toMatchObject({ carrier: { mcc: '602', mnc: '02', name: 'vodafone EG' }, signal: 3, ...(backend === 'termux' ? { battery: 87 } : {}) });

    const status = await runAgentCommand(['status', '--config', configPath], {});
    expect(status.status).toBe(0);
    expect(status.stdout).not.toContain(device.deviceToken);
    expect(JSON.parse(status.stdout)).toMatchObject({ backend, agent: { running: true, connected: true } });
  });

  it('refuses to register with a token the gateway refuses, storing nothing', async () => {
    const tools = new StandInTools();
    const dir = mkdtempSync(join(tmpdir(), 'zagel-device-'));
    try {
      const refused = await runAgentCommand(['register', '--server', platform.url('device-gateway'), '--token', 'not-a-token', '--backend', backend, '--config', join(dir, 'config.json')], tools.env);
      expect(refused.status).toBe(78);
      expect(refused.stderr).toContain('invalid_token');
      expect(() => statSync(join(dir, 'config.json'))).toThrow();
    } finally {
      await tools.remove();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('delivers an OTP: the tool is asked to send the code to the recipient, `sent` is reported, and the code approves the verification', async () => {
    const { tools, device, agent } = await registeredAgent(backend);
    await connected(agent.start(), device.deviceId);
    const to = await generateMobileNumber('EG', 'Vodafone');

    const verificationId = await startVerification(to);
    const asked = await until(() => sendsAskedFor(tools, backend).find((sms) => sms.to === to), {
      what: `the ${backend} tool to be asked to send to ${to} (agent: ${agent.events.map((entry) => entry.event).join(',')})`,
    });
    const reported = await agent.waitFor('status-reported');

    expect(reported).toMatchObject({ status: 'sent', answer: { ok: true } });
    expect(await approve(verificationId, otpCodeIn(asked.body))).toBe('approved');
    expect(sendsAskedFor(tools, backend)).toHaveLength(1);
  });

  it('reports an SMS the SIM received as sms:received {from, body, receivedAt}: acked, kept by the platform, reported once', async () => {
    const { tools, device, agent } = await registeredAgent(backend);
    await connected(agent.start(), device.deviceId);
    const from = await generateMobileNumber('EG', 'Orange');
    // Both tools give the time to the second.
    const receivedAt = new Date(Math.floor(Date.now() / 1_000) * 1_000);

    tools.receive(from, 'who is this?', receivedAt);
    const reported = await agent.waitFor('inbound-reported', (entry) => entry.from === from);

    expect(reported).toMatchObject({ receivedAt: receivedAt.toISOString(), answer: { ok: true } });
    const operator = await platform.asOperator();
    const [kept] = await until(
      async () => {
        const items = (await operator.get(`/v1/admin/inbound-messages?from=${encodeURIComponent(from)}` as '/v1/admin/inbound-messages')).body.items;
        return items.length > 0 ? items : undefined;
      },
      { what: 'the inbound message in the operators’ list' },
    );
    expect(kept).toEqual(expect.objectContaining({ from, body: 'who is this?', deviceId: device.deviceId }));
    // Done once: later polls do not report it again, and the modem's copy is deleted (Android's inbox is left as it is).
    const inboxReads = () => tools.calls(backend === 'termux' ? 'termux-sms-list' : 'mmcli').length;
    const readsSoFar = inboxReads();
    await until(() => inboxReads() >= readsSoFar + 3, { what: 'three more inbox reads' });
    expect(agent.named('inbound-sending').filter((entry) => entry.from === from)).toHaveLength(1);
    expect(tools.messages('inbox')).toHaveLength(backend === 'termux' ? 1 : 0);
  });

  it('killed after the tool sent and before the report: on restart it reports `sent` without sending again', async () => {
    const rig = await registeredAgent(backend);
    const { tools, device, agent, configPath } = rig;
    await connected(agent.start(), device.deviceId);
    const to = await generateMobileNumber('EG', 'Vodafone');

    tools.holdSends(true);
    const verificationId = await startVerification(to);
    const holding = await until(() => tools.holding(), { what: `the ${backend} tool to have sent and hang` });
    await agent.kill();
    killIfAlive(holding);
    tools.holdSends(false);
    expect(agent.named('status-reported')).toEqual([]);

    const restarted = new AgentProcess(configPath, tools.env).start();
    rig.agent = restarted;
    const recovered = await restarted.waitFor('send-recovered', undefined, 120_000);
    const reported = await restarted.waitFor('status-reported');

    expect(recovered).toMatchObject({ status: 'sent', by: 'evidence' });
    expect(reported).toMatchObject({ messageId: recovered.messageId, status: 'sent', answer: { ok: true } });
    const sends = sendsAskedFor(tools, backend).filter((sms) => sms.to === to);
    expect(sends).toHaveLength(1);
    if (backend === 'modemmanager') expect(tools.calls('mmcli').filter(({ args }) => args.includes('--send'))).toHaveLength(1);
    expect(await approve(verificationId, otpCodeIn(sends[0].body))).toBe('approved');
  });
});
