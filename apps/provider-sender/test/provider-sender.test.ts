import { createHmac } from 'node:crypto';
import { CountingProvider, TestPlatform, until } from '@zagel/testing';
import { AttemptRow, ProviderDesk } from './support/provider-desk';

const COOLDOWN_MS = 2_000;
const ACCEPTANCE_WINDOW_MS = 2_000;
const platform = new TestPlatform({
  services: ['auth', 'api-gateway', 'provider-sender'],
  settings: {
    PROVIDER_MAX_RETRIES: '2',
    PROVIDER_RETRY_BASE_DELAY_MS: '300',
    PROVIDER_CIRCUIT_FAILURE_THRESHOLD: '3',
    PROVIDER_CIRCUIT_COOLDOWN_MS: String(COOLDOWN_MS),
    PROVIDER_ACCEPTANCE_WINDOW_MS: String(ACCEPTANCE_WINDOW_MS),
  },
});
let harness: ProviderDesk;

beforeAll(async () => {
  await platform.start();
  harness = await ProviderDesk.open(platform);
}, 120_000);

afterAll(() => platform.stop(), 60_000);

const providerNames = (attempts: AttemptRow[]) => attempts.map((attempt) => attempt.provider_name);

function signed(secret: string, body: unknown): { raw: string; headers: Record<string, string> } {
  const raw = JSON.stringify(body);
  return {
    raw,
    headers: {
      'content-type': 'application/json',
      'x-simulator-signature': createHmac('sha256', secret).update(raw).digest('hex'),
    },
  };
}

const providerHealth = (id: string) => harness.providerHealth(id);

describe('out of the box', () => {
  it('bootstraps a simulator account and a * route, so a message is sent and delivered', async () => {
    const providers = await harness.admin('GET', '/v1/admin/providers');
    expect(providers.body.items).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'simulator', kind: 'simulator' })]));
    const routes = await harness.admin('GET', '/v1/admin/routes');
    expect(routes.body.items).toEqual(expect.arrayContaining([expect.objectContaining({ country: '*', organizationId: null, messageType: null })]));

    const command = harness.command('0190a000-0000-7000-8000-0000000000aa');
    await harness.send(command);
    const sent = await harness.waitForStatus(command.messageId, 'sent');
    expect(sent).toMatchObject({ route: 'provider', provider: 'simulator', providerMessageId: `sim-${command.messageId}` });
    await harness.waitForStatus(command.messageId, 'delivered');
  });
});

describe('the provider chain', () => {
  it('retries a down primary with backoff, then sends through the secondary', async () => {
    const primary = await harness.createProvider('down', { down: true });
    const secondary = await harness.createProvider('backup');
    const organizationId = await harness.routeForNewOrganization([primary, secondary]);
    const command = harness.command(organizationId);
    await harness.send(command);

    const sent = await harness.waitForStatus(command.messageId, 'sent');
    expect(sent.provider).toBe(secondary.name);
    const attempts = await harness.attempts(command.messageId);
    expect(providerNames(attempts)).toEqual([primary.name, primary.name, primary.name, secondary.name]);
    expect(attempts.map((attempt) => attempt.state)).toEqual(['failed', 'failed', 'failed', 'accepted']);
    expect(harness.statusesOf(command.messageId)).toEqual(['sent']);
  });

  it('retries a transient failure on the same provider with growing delays', async () => {
    const flaky = await harness.createProvider('flaky', { failTransientlyTimes: 2 });
    const organizationId = await harness.routeForNewOrganization([flaky]);
    const command = harness.command(organizationId);
    await harness.send(command);

    await harness.waitForStatus(command.messageId, 'sent');
    const attempts = await harness.attempts(command.messageId);
    expect(attempts.map((attempt) => [attempt.try, attempt.state, attempt.error_code])).toEqual([
      [1, 'failed', 'provider_unavailable'],
      [2, 'failed', 'provider_unavailable'],
      [3, 'accepted', null],
    ]);
    const gaps = attempts.slice(1).map((attempt, index) => attempt.created_at.getTime() - attempts[index].created_at.getTime());
    // 300 ms then 600 ms, each ±20%.
    expect(gaps[0]).toBeGreaterThanOrEqual(230);
    expect(gaps[1]).toBeGreaterThanOrEqual(470);
  });

  it('fails at once on a permanent error about the recipient, without retrying or trying the next provider', async () => {
    const strict = await harness.createProvider('strict', { invalidNumberSuffixes: ['0999'] });
    const backup = await harness.createProvider('unused');
    const organizationId = await harness.routeForNewOrganization([strict, backup]);
    const command = harness.command(organizationId, { to: '+12025550999' });
    await harness.send(command);

    const failed = await harness.waitForStatus(command.messageId, 'failed');
    expect(failed.errorCode).toBe('invalid_number');
    await platform.drained();
    expect(providerNames(await harness.attempts(command.messageId))).toEqual([strict.name]);
    expect(harness.statusesOf(command.messageId)).toEqual(['failed']);
  });

  it('fails with all_providers_failed when the whole chain is down, with every attempt recorded', async () => {
    const first = await harness.createProvider('dead-a', { down: true });
    const second = await harness.createProvider('dead-b', { down: true });
    const organizationId = await harness.routeForNewOrganization([first, second]);
    const command = harness.command(organizationId);
    await harness.send(command);

    const failed = await harness.waitForStatus(command.messageId, 'failed');
    expect(failed).toMatchObject({ errorCode: 'all_providers_failed', lastErrorCode: 'provider_unavailable' });
    const attempts = await harness.attempts(command.messageId);
    expect(providerNames(attempts)).toEqual([first.name, first.name, first.name, second.name, second.name, second.name]);
    expect(attempts.every((attempt) => attempt.state === 'failed')).toBe(true);
  });

  it("opens a failing provider's circuit, moving traffic on, and closes it after a successful half-open probe", async () => {
    const primary = await harness.createProvider('breaker', { down: true });
    const secondary = await harness.createProvider('steady');
    const organizationId = await harness.routeForNewOrganization([primary, secondary]);

    const first = harness.command(organizationId);
    await harness.send(first);
    expect((await harness.waitForStatus(first.messageId, 'sent')).provider).toBe(secondary.name);
    expect((await providerHealth(primary.id)).circuit).toBe('open');
    // What the PrometheusRule ZagelProviderCircuitOpen alerts on (k8s/overlays/production).
    const metrics = await (await fetch(`${platform.url('provider-sender')}/metrics`)).text();
    const opened = metrics.split('\n').find((line) => line.startsWith('zagel_provider_circuit_opened_total{') && line.includes(`provider="${primary.id}"`));
    expect(opened).toMatch(/ 1$/);

    const second = harness.command(organizationId);
    await harness.send(second);
    expect((await harness.waitForStatus(second.messageId, 'sent')).provider).toBe(secondary.name);
    expect(providerNames(await harness.attempts(second.messageId))).toEqual([secondary.name]);

    const repaired = await harness.admin('PATCH', `/v1/admin/providers/${primary.id}`, { settings: { down: null } });
    expect(repaired.status).toBe(200);
    await until(async () => (await providerHealth(primary.id)).circuit === 'half_open', { what: 'the circuit to half-open', deadline: COOLDOWN_MS * 3 });

    const probe = harness.command(organizationId);
    await harness.send(probe);
    expect((await harness.waitForStatus(probe.messageId, 'sent')).provider).toBe(primary.name);
    const health = await providerHealth(primary.id);
    expect(health).toMatchObject({ circuit: 'closed', sent: 1, failed: 3 });
    expect(health.successRate).toBeCloseTo(0.25);
    expect(health.latencyP50Ms).toEqual(expect.any(Number));
  });

  it('holds messages for a lone provider whose circuit is open until its half-open probe, instead of failing them', async () => {
    const lone = await harness.createProvider('lone', { down: true });
    const organizationId = await harness.routeForNewOrganization([lone]);
    const opener = harness.command(organizationId);
    await harness.send(opener);
    expect((await harness.waitForStatus(opener.messageId, 'failed')).errorCode).toBe('all_providers_failed');
    expect((await providerHealth(lone.id)).circuit).toBe('open');

    const waiting = harness.command(organizationId);
    await harness.send(waiting);
    await until(async () => (await harness.deferrals(waiting.messageId)) > 0, { what: 'the message to be deferred while the circuit is open' });
    expect(harness.statusesOf(waiting.messageId)).toEqual([]);
    expect(await harness.attempts(waiting.messageId)).toEqual([]);

    expect((await harness.admin('PATCH', `/v1/admin/providers/${lone.id}`, { settings: { down: null } })).status).toBe(200);
    expect((await harness.waitForStatus(waiting.messageId, 'sent', COOLDOWN_MS * 4)).provider).toBe(lone.name);
  });

  it("keeps to a provider's rate limit, shared through Redis", async () => {
    const limited = await harness.createProvider('limited', {}, { rateLimitPerSecond: 2 });
    const organizationId = await harness.routeForNewOrganization([limited]);
    const commands = Array.from({ length: 6 }, () => harness.command(organizationId));
    await Promise.all(commands.map((command) => harness.send(command)));
    for (const command of commands) await harness.waitForStatus(command.messageId, 'sent');

    const submittedAt = (await Promise.all(commands.map((command) => harness.attempts(command.messageId))))
      .map((attempts) => attempts[0].created_at.getTime())
      .sort((a, b) => a - b);
    // A bucket of 2 tokens refilled at 2/s: the last of 6 goes about 2 s after the first.
    expect(submittedAt[5] - submittedAt[0]).toBeGreaterThanOrEqual(1_500);
  });

  it('keeps to a provider\'s concurrency cap', async () => {
    const single = await harness.createProvider('single', { latencyMs: 150 }, { maxConcurrency: 1 });
    const organizationId = await harness.routeForNewOrganization([single]);
    const commands = Array.from({ length: 4 }, () => harness.command(organizationId));
    await Promise.all(commands.map((command) => harness.send(command)));
    for (const command of commands) await harness.waitForStatus(command.messageId, 'sent');

    const windows = (await Promise.all(commands.map((command) => harness.attempts(command.messageId))))
      .map(([attempt]) => ({ from: attempt.created_at.getTime(), to: attempt.updated_at.getTime() }))
      .sort((a, b) => a.from - b.from);
    for (let index = 1; index < windows.length; index += 1) {
      expect(windows[index].from).toBeGreaterThanOrEqual(windows[index - 1].to);
    }
  });

  it('never sends a message after it expired', async () => {
    const provider = await harness.createProvider('timely');
    const organizationId = await harness.routeForNewOrganization([provider]);
    const command = harness.command(organizationId, { expiresAt: new Date(Date.now() - 1_000).toISOString() });
    await harness.send(command);

    const expired = await harness.waitForStatus(command.messageId, 'expired');
    expect(expired.errorCode).toBe('expired');
    expect(await harness.attempts(command.messageId)).toEqual([]);
  });

  it('submits a command delivered twice only once', async () => {
    const slow = await harness.createProvider('slow', { latencyMs: 400 });
    const organizationId = await harness.routeForNewOrganization([slow]);
    const command = harness.command(organizationId);
    await Promise.all([harness.send(command), harness.send(command)]);
    await harness.waitForStatus(command.messageId, 'sent');
    await harness.send(command);
    await platform.drained();

    expect(await harness.attempts(command.messageId)).toHaveLength(1);
    expect(harness.statusesOf(command.messageId)).toEqual(['sent']);
  });
});

describe('delivery reports', () => {
  const secret = 'whsec_simulator_test';

  it('applies a report that arrived before the submit response, once', async () => {
    const provider = await harness.createProvider('reporting', { webhookSecret: secret });
    const organizationId = await harness.routeForNewOrganization([provider]);
    const command = harness.command(organizationId);
    const report = signed(secret, { providerMessageId: `sim-${command.messageId}`, status: 'delivered' });

    const early = await harness.postReport(`/v1/webhooks/providers/${provider.name}`, report.raw, report.headers);
    expect(early.status).toBe(204);
    await harness.send(command);

    await harness.waitForStatus(command.messageId, 'delivered');
    expect(harness.statusesOf(command.messageId)).toEqual(['sent', 'delivered']);
  });

  it('applies a report from the adapter itself that beats the submit response', async () => {
    const provider = await harness.createProvider('eager', { reportBeforeResponse: true, latencyMs: 300 });
    const organizationId = await harness.routeForNewOrganization([provider]);
    const command = harness.command(organizationId);
    await harness.send(command);
    await harness.waitForStatus(command.messageId, 'delivered');
    expect(harness.statusesOf(command.messageId)).toEqual(['sent', 'delivered']);
  });

  it('ignores duplicates and reports that would move a final status back (by account id too)', async () => {
    const provider = await harness.createProvider('dupes', { webhookSecret: secret });
    const organizationId = await harness.routeForNewOrganization([provider]);
    const command = harness.command(organizationId);
    await harness.send(command);
    await harness.waitForStatus(command.messageId, 'sent');

    const delivered = signed(secret, { providerMessageId: `sim-${command.messageId}`, status: 'delivered' });
    for (const path of [provider.name, provider.id]) {
      const reply = await harness.postReport(`/v1/webhooks/providers/${path}`, delivered.raw, delivered.headers);
      expect(reply.status).toBe(204);
    }
    const late = signed(secret, [{ providerMessageId: `sim-${command.messageId}`, status: 'undelivered' }]);
    expect((await harness.postReport(`/v1/webhooks/providers/${provider.name}`, late.raw, late.headers)).status).toBe(204);
    await harness.waitForStatus(command.messageId, 'delivered');
    await platform.drained();
    expect(harness.statusesOf(command.messageId)).toEqual(['sent', 'delivered']);
  });

  it('refuses bad signatures (403), unreadable reports (400) and unknown providers (404) as problems', async () => {
    const provider = await harness.createProvider('guarded', { webhookSecret: secret });
    const body = JSON.stringify({ providerMessageId: 'sim-x', status: 'delivered' });
    const forged = await harness.postReport(`/v1/webhooks/providers/${provider.name}`, body, {
      'content-type': 'application/json',
      'x-simulator-signature': 'f'.repeat(64),
    });
    expect(forged.status).toBe(403);
    expect(forged.headers.get('content-type')).toMatch(/problem\+json/);
    expect(forged.problem?.code).toBe('report_signature_invalid');

    const garbled = signed(secret, { status: 'lost' });
    const unreadable = await harness.postReport(`/v1/webhooks/providers/${provider.name}`, garbled.raw, garbled.headers);
    expect(unreadable.status).toBe(400);
    expect(unreadable.problem?.code).toBe('report_malformed');

    const unknown = await harness.postReport('/v1/webhooks/providers/nobody-here', body, { 'content-type': 'application/json' });
    expect(unknown.status).toBe(404);
  });
});

describe('the admin API', () => {
  it('stores credentials encrypted and never returns them', async () => {
    const provider = await harness.createProvider('secretive', { webhookSecret: 'hunter2-very-secret', latencyMs: 5 });
    expect(provider.settings).toEqual({ webhookSecret: '********', latencyMs: 5 });
    expect(JSON.stringify((await harness.admin('GET', '/v1/admin/providers')).body)).not.toContain('hunter2');
    expect(await harness.sealedSettings(provider.id)).not.toContain('hunter2');

    // Sending the mask back keeps the secret: reports signed with it still verify.
    const updated = await harness.admin('PATCH', `/v1/admin/providers/${provider.id}`, {
      settings: { webhookSecret: '********', latencyMs: 7 },
      rateLimitPerSecond: 100,
    });
    expect(updated.body).toMatchObject({ settings: { webhookSecret: '********', latencyMs: 7 }, rateLimitPerSecond: 100 });
    const report = signed('hunter2-very-secret', { providerMessageId: 'sim-none', status: 'delivered' });
    expect((await harness.postReport(`/v1/webhooks/providers/${provider.name}`, report.raw, report.headers)).status).toBe(204);
  });

  it('answers bad requests with problems', async () => {
    const invalidSettings = await harness.admin('POST', '/v1/admin/providers', { name: 'bad-settings', kind: 'simulator', settings: { latencyMs: -5, colour: 'red' } });
    expect(invalidSettings.status).toBe(422);
    expect(invalidSettings.problem?.code).toBe('invalid_provider_settings');
    expect((invalidSettings.problem?.reasons as string[]).join(' ')).toMatch(/latencyMs/);

    const unknownKind = await harness.admin('POST', '/v1/admin/providers', { name: 'carrier-pigeon', kind: 'pigeon' });
    expect(unknownKind.status).toBe(422);
    expect(unknownKind.problem?.code).toBe('unknown_provider_kind');

    const badName = await harness.admin('POST', '/v1/admin/providers', { name: 'Has Spaces', kind: 'simulator' });
    expect(badName.status).toBe(400);

    const existing = await harness.createProvider('taken');
    const taken = await harness.admin('POST', '/v1/admin/providers', { name: existing.name, kind: 'simulator' });
    expect(taken.status).toBe(409);
    expect(taken.problem?.code).toBe('provider_name_taken');

    const ghostRoute = await harness.admin('POST', '/v1/admin/routes', { country: 'DE', providers: ['0190a000-0000-7000-8000-00000000dead'] });
    expect(ghostRoute.status).toBe(422);
    expect(ghostRoute.problem?.code).toBe('invalid_route');

    const badCountry = await harness.admin('POST', '/v1/admin/routes', { country: 'Germany', providers: [existing.id] });
    expect(badCountry.status).toBe(400);

    const route = await harness.admin('POST', '/v1/admin/routes', { country: 'DE', messageType: 'promotional', providers: [existing.id] });
    expect(route.status).toBe(201);
    const twin = await harness.admin('POST', '/v1/admin/routes', { country: 'DE', messageType: 'promotional', providers: [existing.id] });
    expect(twin.status).toBe(409);
    expect(twin.problem?.code).toBe('route_exists');

    const inUse = await harness.admin('DELETE', `/v1/admin/providers/${existing.id}`);
    expect(inUse.status).toBe(409);
    expect(inUse.problem?.code).toBe('provider_in_use');

    expect((await harness.admin('PATCH', `/v1/admin/routes/${route.body.id}`, { country: 'AT' })).body.country).toBe('AT');
    expect((await harness.admin('DELETE', `/v1/admin/routes/${route.body.id}`)).status).toBe(204);
    expect((await harness.admin('DELETE', `/v1/admin/providers/${existing.id}`)).status).toBe(204);
    expect((await harness.admin('GET', `/v1/admin/providers/${existing.id}`)).status).toBe(404);
  });
});

describe('a submit whose answer was lost', () => {
  it('asks a provider that can say before retrying a timed-out submit, so a message it took is not sent twice', async () => {
    const gateway = platform.closeOnStop(await CountingProvider.start());
    const asking = await harness.createProvider('slow-answers', { ...gateway.accountSettings(), timeoutMs: 1_000 }, { kind: 'http' });
    const command = harness.command(await harness.routeForNewOrganization([asking]), { to: '+12025550143' });
    gateway.stalled.set(command.to, 'counted');
    await harness.send(command);

    const sent = await harness.waitForStatus(command.messageId, 'sent');
    await platform.drained();
    expect(sent.providerMessageId).toBe(`cp-${command.messageId}`);
    expect(gateway.sends.get(command.messageId)).toBe(1);
    expect((await harness.attempts(command.messageId)).map((attempt) => attempt.state)).toEqual(['accepted']);
  });

  it('waits out the acceptance window and asks again before a retry, so a submit the provider took late is not sent twice', async () => {
    const gateway = platform.closeOnStop(await CountingProvider.start());
    const asking = await harness.createProvider('late-taker', { ...gateway.accountSettings(), timeoutMs: 1_000 }, { kind: 'http' });
    const command = harness.command(await harness.routeForNewOrganization([asking]), { to: '+12025550144' });
    // No answer in time, nothing found by the lookup right after the timeout, taken all the same just after it.
    gateway.stalled.set(command.to, 'late');
    await harness.send(command);

    const sent = await harness.waitForStatus(command.messageId, 'sent');
    await platform.drained();
    expect(sent.providerMessageId).toBe(`cp-${command.messageId}`);
    expect(gateway.sends.get(command.messageId)).toBe(1);
    expect(gateway.lookups.get(command.messageId)).toBe(2);
    const attempts = await harness.attempts(command.messageId);
    expect(attempts.map((attempt) => [attempt.try, attempt.state, attempt.error_code, attempt.provider_message_id])).toEqual([
      [1, 'accepted', null, `cp-${command.messageId}`],
    ]);
    // The submit's own timeout, then the whole window before the second lookup.
    expect(attempts[0].updated_at.getTime() - attempts[0].created_at.getTime()).toBeGreaterThanOrEqual(1_000 + ACCEPTANCE_WINDOW_MS);
    expect(harness.statusesOf(command.messageId)).toEqual(['sent']);
  });
});

describe('a crash between recording a submit and its outcome', () => {
  it('settles the cut-off try when the command is redelivered: sent if it arrived, sent again if not, failed if nobody can tell', async () => {
    // The built-in simulator cannot say whether a submit arrived; the counting gateway can (GET /sms/<id>).
    const blind = await harness.createProvider('crashy', { latencyMs: 5_000 });
    const gateway = platform.closeOnStop(await CountingProvider.start());
    const asking = await harness.createProvider('asking', gateway.accountSettings(), { kind: 'http' });
    const blindOrganization = await harness.routeForNewOrganization([blind]);
    const askingOrganization = await harness.routeForNewOrganization([asking]);
    const unknown = harness.command(blindOrganization);
    const arrived = harness.command(askingOrganization, { to: '+12025550141' });
    const lost = harness.command(askingOrganization, { to: '+12025550142' });
    gateway.stalled.set(arrived.to, 'counted');
    gateway.stalled.set(lost.to, 'uncounted');
    await Promise.all([unknown, arrived, lost].map((command) => harness.send(command)));
    await until(async () => (await Promise.all([unknown, arrived, lost].map((command) => harness.attempts(command.messageId)))).every((tries) => tries.length === 1), {
      what: 'the three submits to be recorded',
      deadline: 20_000,
    });
    await until(() => gateway.sends.has(arrived.messageId), { what: 'the gateway to take one submit', deadline: 20_000 });

    await platform.instance('provider-sender').kill();
    gateway.stalled.clear();
    const replacement = await platform.startAnother('provider-sender');
    try {
      // The broker hands the unacknowledged commands to the new instance, which finds each try `submitting` and its process gone.
      await harness.waitForStatus(arrived.messageId, 'sent', 30_000);
      await harness.waitForStatus(lost.messageId, 'sent', 30_000);
      const failed = await harness.waitForStatus(unknown.messageId, 'failed', 30_000);
      await platform.drained();

      expect(failed.errorCode).toBe('submit_outcome_unknown');

      expect(gateway.sends.get(arrived.messageId)).toBe(1);
      expect((await harness.attempts(arrived.messageId)).map((attempt) => attempt.state)).toEqual(['accepted']);
      expect(gateway.sends.get(lost.messageId)).toBe(1);
      expect((await harness.attempts(lost.messageId)).map((attempt) => [attempt.state, attempt.error_code])).toEqual([
        ['failed', 'not_submitted'],
        ['accepted', null],
      ]);
      expect((await harness.attempts(unknown.messageId)).map((attempt) => [attempt.state, attempt.error_code])).toEqual([['failed', 'outcome_unknown']]);
      expect(harness.statusesOf(unknown.messageId)).toEqual(['failed']);
    } finally {
      await replacement.stop();
    }
  }, 180_000);
});
