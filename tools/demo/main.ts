import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import {
  DeviceFleet,
  FleetStateDocument,
  generateMobileNumber,
  provisionDevices,
  simOperatorFor,
  SimulatedPhone,
} from '@zagel/device-simulator';
import { PublicApiClient } from '@zagel/sdk';
import { until } from '@zagel/testing';
import { DemoTarget, platformIsReady, startDemoPlatform } from './platform';

const USAGE = `npm run demo -- [--api http://127.0.0.1:3000] [--gateway http://127.0.0.1:3001] [--phones 3]
  [--country EG] [--carrier Vodafone]

Walks through Zagel's idea on a running platform: a customer with credit and an API key, phone
owners' simulated phones in the pool, an OTP sent to a number on the phones' carrier, the phone that
delivered it, the check, the customer's charge and the owner's reward. The first platform operator
(ADMIN_EMAIL / ADMIN_PASSWORD, or the local default) credits the customer. When nothing answers at
--api, the demo starts every service itself, in a namespace of its own, and removes it afterwards.`;

const LOCAL_OPERATOR = { email: 'admin@zagel.local', password: 'change-me-please' };
const CREDIT_MINOR_UNITS = 1_000;

const say = (line = '') => process.stdout.write(`${line}\n`);
const step = (number: number, title: string) => say(`\n${number}. ${title}`);

/** Waits (up to 20 s) for `probe` to answer something, as the demo's reader would watch for it. */
function waitFor<T>(what: string, probe: () => Promise<T | undefined>): Promise<T> {
  return until(probe, { what, deadline: 20_000, interval: 200 }) as Promise<T>;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      api: { type: 'string', default: process.env.ZAGEL_API_URL ?? 'http://127.0.0.1:3000' },
      gateway: { type: 'string', default: process.env.ZAGEL_DEVICE_GATEWAY_URL ?? 'http://127.0.0.1:3001' },
      phones: { type: 'string', default: '3' },
      country: { type: 'string', default: 'EG' },
      carrier: { type: 'string', default: 'Vodafone' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    say(USAGE);
    return;
  }
  let target: DemoTarget = {
    apiUrl: values.api,
    gatewayUrl: values.gateway,
    operator: { email: process.env.ADMIN_EMAIL ?? LOCAL_OPERATOR.email, password: process.env.ADMIN_PASSWORD ?? LOCAL_OPERATOR.password },
    release: () => Promise.resolve(),
  };
  let startedHere = false;
  let fleet: DeviceFleet | undefined;
  try {
    if (!(await platformIsReady(values.api))) {
      say(`No platform answers at ${values.api}: starting every service for this demo …`);
      target = await startDemoPlatform();
      startedHere = true;
    }
    fleet = await story(target, { phones: Number(values.phones), country: values.country, carrier: values.carrier });
  } finally {
    fleet?.close();
    if (startedHere) say('\nStopping the platform this demo started …');
    await target.release();
  }
}

async function story(target: DemoTarget, options: { phones: number; country: string; carrier: string }): Promise<DeviceFleet> {
  const api = new PublicApiClient({ baseUrl: target.apiUrl });
  const tag = randomBytes(3).toString('hex');

  step(1, 'A customer signs up, gets credit from the operator, and creates an API key');
  const customer = (
    await api.post('/v1/auth/register', {
      email: `demo-shop-${tag}@zagel.test`,
      // Nothing of the name or email in it: the password policy refuses personal data ("demo").
      password: randomBytes(18).toString('base64url'),
      name: 'Demo Shop',
      organizationName: `Demo Shop ${tag}`,
      accountType: 'customer',
    })
  ).body;
  const organization = customer.organization!;
  const operator = api.as({ bearer: (await api.post('/v1/auth/login', target.operator)).body.accessToken });
  (await operator.post(`/v1/admin/organizations/${organization.id}/credits`, { amount: CREDIT_MINOR_UNITS, reason: 'demo credit' })).expectStatus(201);
  const key = (await api.as({ bearer: customer.accessToken }).post('/v1/api-keys', { name: 'demo app', scopes: ['verify', 'billing:read'] })).body;
  const app = api.as({ apiKey: key.key });
  const before = (await app.get('/v1/billing/balance')).body;
  say(`   ${organization.name}: balance ${before.available} ${before.currency} (minor units), API key ${key.key.slice(0, 12)}…`);

  step(2, `A phone owner puts ${options.phones} ${options.carrier} ${options.country} phones in the pool`);
  const state: FleetStateDocument = { version: 1, accounts: {} };
  const devices = await provisionDevices(state, { apiUrl: target.apiUrl, count: options.phones, country: options.country, carrier: options.carrier });
  const owner = state.accounts[target.apiUrl]!.owner;
  const ownerApi = api.as({ bearer: (await api.post('/v1/auth/login', owner)).body.accessToken });
  const fleet = new DeviceFleet({
    gatewayUrl: target.gatewayUrl,
    latency: { minMs: 50, maxMs: 150 },
    deliveredAfterMs: 300,
    carrier: simOperatorFor(options.country, options.carrier),
  });
  await fleet.connect(devices);
  for (const device of devices) say(`   phone ${device.phoneNumber} (${device.carrier ?? 'unknown carrier'}) connected`);
  await waitFor('the phones to come online', async () => {
    const page = (await ownerApi.get('/v1/devices')).body;
    return page.items.filter((device) => device.online).length === devices.length ? true : undefined;
  });

  step(3, 'The customer verifies a phone number on the same carrier: one API call');
  const to = await generateMobileNumber(options.country, options.carrier);
  const started = (await app.post('/v1/verifications', { to })).body;
  say(`   POST /v1/verifications {to: ${to}} → ${started.status}, expires ${started.expiresAt}`);
  const { phone, message } = await waitFor('a phone to receive the code', async () => {
    for (const candidate of fleet.phones) {
      const received = candidate.received.find((sms) => sms.to === to);
      if (received) return { phone: candidate as SimulatedPhone, message: received };
    }
    return undefined;
  });
  say(`   delivered by phone ${phone.options.phoneNumber} (device ${phone.options.deviceId}): "${message.body.split('\n')[0]}"`);

  step(4, 'The user types the code; the customer checks it: the second API call');
  const code = /\b(\d{4,10})\b/.exec(message.body)?.[1];
  if (!code) throw new Error(`no code in "${message.body}"`);
  const checked = (await app.post('/v1/verifications/check', { verificationId: started.id, code })).body;
  say(`   POST /v1/verifications/check {code: ${code}} → ${checked.status} (valid: ${checked.valid})`);

  step(5, 'The customer paid for one SMS; the phone owner earned a reward');
  const after = await waitFor('the charge to be captured', async () => {
    const balance = (await app.get('/v1/billing/balance')).body;
    return balance.reserved === 0 && balance.available < before.available ? balance : undefined;
  });
  say(`   customer balance ${before.available} → ${after.available} ${after.currency} (charged ${before.available - after.available})`);
  const rewards = await waitFor('the reward', async () => {
    const page = (await ownerApi.get('/v1/rewards')).body;
    return page.balance > 0 ? page : undefined;
  });
  say(`   phone owner's reward balance: ${rewards.balance} token(s), for the SMS device ${rewards.items[0]?.deviceId} sent`);
  say('\nThat is Zagel: an OTP sent from a phone on the recipient\'s own carrier, paid for by the customer, rewarded to the phone\'s owner.');
  return fleet;
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`demo failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
