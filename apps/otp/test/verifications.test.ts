import { randomUUID } from 'node:crypto';
import { CustomerOptions, eventually, expectProblem, otpCodeIn as codeIn, TestCustomer, TestPlatform, until } from '@zagel/testing';
import { FakeRouter, numberRange } from './support/fake-router';

const platform = new TestPlatform({
  services: ['auth', 'billing', 'otp', 'api-gateway'],
  settings: {
    OTP_RESEND_COOLDOWN_SECONDS: '2',
    OTP_MAX_SENDS_PER_NUMBER: '5',
    OTP_ORG_VELOCITY_LIMIT: '12',
    OTP_PREFIX_VELOCITY_LIMIT: '100',
    OTP_PREFIX_NATIONAL_DIGITS: '5',
    OTP_PUMPING_MIN_VOLUME: '8',
    OTP_PUMPING_MIN_VERIFY_RATE: '0.5',
    OTP_PUMPING_GRACE_SECONDS: '0',
    OTP_EXPIRY_SWEEP_INTERVAL_MS: '500',
    OTP_OUTBOX_SCRUB_INTERVAL_MS: '200',
  },
});
let router: FakeRouter;

beforeAll(async () => {
  await platform.start();
  router = await FakeRouter.start(platform);
}, 120_000);

afterAll(() => platform.stop(), 30_000);

const customerOf = (credit = 10_000, options: CustomerOptions = {}) => platform.customer({ credit, label: 'otp', ...options });

async function balance(customer: TestCustomer) {
  return (await customer.app.get('/v1/billing/balance')).body;
}

/** Every row of the otp schema, as text, for scanning. */
async function otpDatabaseText(): Promise<string> {
  const db = platform.db('otp');
  const tables = await db.query<{ table_name: string }>(`SELECT table_name FROM information_schema.tables WHERE table_schema = $1`, [db.schema]);
  const dumps = await Promise.all(tables.map(async ({ table_name }) => JSON.stringify(await db.query(`SELECT * FROM "${table_name}"`))));
  return dumps.join('\n');
}

/** Every Redis key and value of the namespace, as text. */
async function redisText(): Promise<string> {
  const redis = await platform.redis();
  const parts: string[] = [];
  for await (const batch of redis.scanIterator({ MATCH: `${platform.namespace.name}:*`, COUNT: 1000 })) {
    for (const key of batch) {
      const type = await redis.type(key);
      parts.push(key);
      if (type === 'string') parts.push(String(await redis.get(key)));
      if (type === 'hash') parts.push(JSON.stringify(await redis.hGetAll(key)));
      if (type === 'zset') parts.push(JSON.stringify(await redis.zRangeWithScores(key, 0, -1)));
      if (type === 'set') parts.push(JSON.stringify(await redis.sMembers(key)));
      if (type === 'list') parts.push(JSON.stringify(await redis.lRange(key, 0, -1)));
    }
  }
  return parts.join('\n');
}

describe('a verification from send to approval', () => {
  it('sends the code through a phone, approves it once, rewards the phone owner and captures the price', async () => {
    const customer = await customerOf(1_000);
    const to = numberRange()();
    const callbackUrl = 'https://shop.example.com/hooks/verify';
    const started = await customer.app.post('/v1/verifications', { to, callbackUrl, metadata: { order: '42' } });
    expect(started.status).toBe(201);
    expect(started.body).toEqual(
      expect.objectContaining({ id: expect.any(String), to, status: 'pending', sendCount: 1, route: 'auto', expiresAt: expect.any(String) }),
    );
    const expiresIn = new Date(started.body.expiresAt).getTime() - Date.now();
    expect(expiresIn).toBeGreaterThan(590_000);
    expect(expiresIn).toBeLessThanOrEqual(600_000);

    const message = await router.messageFor(to);
    expect(message).toEqual(
      expect.objectContaining({ organizationId: customer.organizationId, messageType: 'otp', route: 'auto', excludeDeviceIds: [] }),
    );
    expect(new Date(message.expiresAt as string).toISOString()).toBe(started.body.expiresAt);
    const code = codeIn(message.body);
    expect(code).toMatch(/^\d{6}$/);
    expect(message.body).toContain('10 min');

    // The price is reserved before anything is sent.
    expect(await balance(customer)).toEqual(expect.objectContaining({ balance: 1_000, reserved: 6, available: 994 }));

    const deviceId = randomUUID();
    const deviceOwnerId = randomUUID();
    await router.report(message, 'sent', { deviceId, deviceOwnerId });
    await eventually(async () => {
      const read = await customer.app.get(`/v1/verifications/${started.body.id}`);
      expect(read.body.route).toBe('device');
      expect(read.body.sends).toEqual([expect.objectContaining({ messageId: message.messageId, status: 'sent', route: 'device', deviceId })]);
    });

    const checked = await customer.app.post('/v1/verifications/check', { to, code });
    expect(checked.status).toBe(200);
    expect(checked.body).toEqual({ id: started.body.id, status: 'approved', valid: true, remainingAttempts: 4 });

    await eventually(() => {
      expect(router.verified.filter((event) => event.verificationId === started.body.id)).toEqual([
        expect.objectContaining({ organizationId: customer.organizationId, messageId: message.messageId, to, deviceId, deviceOwnerId }),
      ]);
    });
    await eventually(() => {
      const statuses = router.statuses.filter((event) => event.verificationId === started.body.id).map((event) => event.status);
      expect(statuses).toEqual(['pending', 'approved']);
    });
    const approvedEvent = router.statuses.find((event) => event.verificationId === started.body.id && event.status === 'approved');
    expect(approvedEvent).toEqual(expect.objectContaining({ callbackUrl, metadata: { order: '42' }, attempts: 1, to }));

    // The code is gone: the same code again is not valid any more.
    const again = await customer.app.post('/v1/verifications/check', { verificationId: started.body.id, code });
    expect(again.body).toEqual(expect.objectContaining({ status: 'approved', valid: false }));

    // Billing captured the device route's price (3) for the message that was sent.
    await eventually(async () => {
      expect(await balance(customer)).toEqual(expect.objectContaining({ balance: 997, reserved: 0 }));
    });
    const ledger = (await customer.app.get('/v1/billing/ledger')).body;
    expect(ledger.items).toEqual(
      expect.arrayContaining([expect.objectContaining({ kind: 'capture', amount: -3, description: expect.stringContaining(message.messageId) })]),
    );

    const read = await customer.app.get(`/v1/verifications/${started.body.id}`);
    expect(read.body).toEqual(expect.objectContaining({ status: 'approved', attempts: 1, approvedAt: expect.any(String) }));
  });

  it('approves once when two checks with the right code race, and counts both attempts', async () => {
    const customer = await customerOf();
    const to = numberRange()();
    const started = await customer.app.post('/v1/verifications', { to });
    const code = codeIn((await router.messageFor(to)).body);
    const wrong = code === '000000' ? '111111' : '000000';

    const racingWrong = await Promise.all([1, 2].map(() => customer.app.post('/v1/verifications/check', { to, code: wrong })));
    expect(racingWrong.map((response) => response.body.remainingAttempts).sort()).toEqual([3, 4]);

    const racingRight = await Promise.all([1, 2, 3].map(() => customer.app.post('/v1/verifications/check', { to, code })));
    expect(racingRight.every((response) => response.body.status === 'approved')).toBe(true);
    // The code was typed before the phone reported it sent: otp.verified waits for that report, then names the phone.
    await platform.drained();
    expect(router.verified.filter((event) => event.verificationId === started.body.id)).toHaveLength(0);
    const message = await router.messageFor(to);
    const phone = { deviceId: randomUUID(), deviceOwnerId: randomUUID() };
    const deviceId = phone.deviceId;
    await Promise.all([router.report(message, 'sent', phone), router.report(message, 'delivered', phone)]);
    await eventually(() =>
      expect(router.verified.filter((event) => event.verificationId === started.body.id)).toEqual([expect.objectContaining({ deviceId })]),
    );
    await platform.drained();
    expect(router.verified.filter((event) => event.verificationId === started.body.id)).toHaveLength(1);
  });

  it('ends the verification after 5 wrong codes (max_attempts_reached), even for the right code afterwards', async () => {
    const customer = await customerOf();
    const to = numberRange()();
    const started = await customer.app.post('/v1/verifications', { to, alphanumeric: true, codeLength: 8 });
    const message = await router.messageFor(to);
    const code = codeIn(message.body);
    expect(code).toMatch(/^[ACDEFGHJKMNPQRTVWXY3-9]{8}$/);

    for (let attempt = 1; attempt <= 4; attempt += 1) {
      const response = await customer.app.post('/v1/verifications/check', { verificationId: started.body.id, code: 'WRONG123' });
      expect(response.body).toEqual({ id: started.body.id, status: 'pending', valid: false, remainingAttempts: 5 - attempt });
    }
    const fifth = await customer.app.post('/v1/verifications/check', { verificationId: started.body.id, code: 'WRONG123' });
    expect(fifth.body).toEqual({ id: started.body.id, status: 'max_attempts_reached', valid: false, remainingAttempts: 0 });
    const right = await customer.app.post('/v1/verifications/check', { verificationId: started.body.id, code: code.toLowerCase() });
    expect(right.body).toEqual(expect.objectContaining({ status: 'max_attempts_reached', valid: false }));
    expect((await customer.app.get(`/v1/verifications/${started.body.id}`)).body).toEqual(
      expect.objectContaining({ status: 'max_attempts_reached', attempts: 5, remainingAttempts: 0 }),
    );
    await eventually(() =>
      expect(router.statuses.filter((event) => event.verificationId === started.body.id).map((event) => event.status)).toContain('max_attempts_reached'),
    );
  });

  it('records a provider delivery, and approves it with no phone to reward', async () => {
    const customer = await customerOf();
    const to = numberRange()();
    const started = await customer.app.post('/v1/verifications', { to });
    const message = await router.messageFor(to);
    await router.report(message, 'sent', { provider: 'twilio' });
    await eventually(async () => {
      const read = await customer.app.get(`/v1/verifications/${started.body.id}`);
      expect(read.body.route).toBe('provider');
      expect(read.body.sends).toEqual([expect.objectContaining({ status: 'sent', route: 'provider', provider: 'twilio' })]);
    });
    await router.report(message, 'delivered', { provider: 'twilio' });
    expect((await customer.app.post('/v1/verifications/check', { to, code: codeIn(message.body) })).body.status).toBe('approved');
    await eventually(() => {
      const verified = router.verified.find((event) => event.verificationId === started.body.id);
      expect(verified).toEqual(expect.objectContaining({ messageId: message.messageId }));
      expect(verified?.deviceId).toBeUndefined();
      expect(verified?.deviceOwnerId).toBeUndefined();
    });
  });

  it('accepts an alphanumeric code case-insensitively', async () => {
    const customer = await customerOf();
    const to = numberRange()();
    const started = await customer.app.post('/v1/verifications', { to, alphanumeric: true });
    const code = codeIn((await router.messageFor(to)).body);
    const checked = await customer.app.post('/v1/verifications/check', { verificationId: started.body.id, code: code.toLowerCase() });
    expect(checked.body).toEqual(expect.objectContaining({ status: 'approved', valid: true }));
  });
});

describe('send reports', () => {
  it('records a burst of reports in any order and repeated, each once: delivered before sent, a failure announced once', async () => {
    const customer = await customerOf();
    const next = numberRange();
    const [delivering, failing] = [next(), next()];
    const started = await Promise.all([delivering, failing].map((to) => customer.app.post('/v1/verifications', { to })));
    const [sent, failed] = await Promise.all([router.messageFor(delivering), router.messageFor(failing)]);
    const phone = { deviceId: randomUUID(), deviceOwnerId: randomUUID() };
    // Published together, so they reach otp while one batch commits: the statuses in any order, the same report twice.
    await Promise.all([
      router.report(sent, 'delivered', phone),
      router.report(sent, 'routing', phone),
      router.report(sent, 'sent', phone),
      router.report(sent, 'sent', phone),
      router.report(failed, 'failed', { errorCode: 'no_route' }),
      router.report(failed, 'failed', { errorCode: 'no_route' }),
      router.report(failed, 'routing'),
    ]);
    await platform.drained();
    const [deliveredView, failedView] = await Promise.all(started.map(({ body }) => customer.app.get(`/v1/verifications/${body.id}`)));
    expect(deliveredView.body.sends).toEqual([expect.objectContaining({ status: 'delivered', route: 'device', deviceId: phone.deviceId })]);
    expect(failedView.body.sends).toEqual([expect.objectContaining({ status: 'failed', errorCode: 'no_route' })]);
    const sendStatuses = (id: string) => router.statuses.filter((event) => event.verificationId === id && event.sendStatus !== 'requested');
    expect(sendStatuses(started[1]!.body.id)).toEqual([expect.objectContaining({ status: 'pending', sendStatus: 'failed', messageId: failed.messageId })]);
    expect(sendStatuses(started[0]!.body.id)).toEqual([]);

    const checked = await customer.app.post('/v1/verifications/check', { to: delivering, code: codeIn(sent.body) });
    expect(checked.body.status).toBe('approved');
    await eventually(() =>
      expect(router.verified.filter((event) => event.verificationId === started[0]!.body.id)).toEqual([
        expect.objectContaining({ messageId: sent.messageId, deviceId: phone.deviceId, deviceOwnerId: phone.deviceOwnerId }),
      ]),
    );
  });
});

describe('expiry', () => {
  it('reads as expired after expirySeconds, refuses the right code, and is announced without being read', async () => {
    const customer = await customerOf();
    const range = numberRange();
    const read = range();
    const unread = range();
    const started = await customer.app.post('/v1/verifications', { to: read, expirySeconds: 10 });
    const untouched = await customer.app.post('/v1/verifications', { to: unread, expirySeconds: 10 });
    expect(started.status).toBe(201);
    const code = codeIn((await router.messageFor(read)).body);
    expect((await router.messageFor(read)).body).toContain('1 min');

    // Reading reflects the expiry: poll until the ten seconds are up.
    await until(async () => (await customer.app.get(`/v1/verifications/${started.body.id}`)).body.status === 'expired', {
      what: 'the verification to expire',
      deadline: 20_000,
      interval: 250,
    });
    const checked = await customer.app.post('/v1/verifications/check', { verificationId: started.body.id, code });
    expect(checked.body).toEqual(expect.objectContaining({ status: 'expired', valid: false }));
    expectProblem(await customer.app.post(`/v1/verifications/${started.body.id}/resend`), 409, 'verification_not_pending');

    await eventually(() =>
      expect(router.statuses.filter((event) => event.verificationId === untouched.body.id).map((event) => event.status)).toEqual([
        'pending',
        'expired',
      ]),
    );
  }, 30_000);
});

describe('resend', () => {
  it('waits for the cooldown, sends the same code again and excludes the phone that failed', async () => {
    const customer = await customerOf();
    const to = numberRange()();
    const started = await customer.app.post('/v1/verifications', { to });
    const first = await router.messageFor(to);
    const failedPhone = randomUUID();
    await router.report(first, 'failed', { deviceId: failedPhone, errorCode: 'generic_failure' });
    await eventually(async () => {
      const read = await customer.app.get(`/v1/verifications/${started.body.id}`);
      expect(read.body.sends[0]).toEqual(expect.objectContaining({ status: 'failed', errorCode: 'generic_failure' }));
    });
    await eventually(() =>
      expect(router.statuses.find((event) => event.verificationId === started.body.id && event.sendStatus === 'failed')).toEqual(
        expect.objectContaining({ status: 'pending', messageId: first.messageId }),
      ),
    );

    const early = await customer.app.post(`/v1/verifications/${started.body.id}/resend`);
    expectProblem(early, 429, 'resend_cooldown');
    expect(Number(early.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(Number(early.headers.get('retry-after'))).toBeLessThanOrEqual(2);
    expect(early.problem?.retryAfterSeconds).toBeGreaterThanOrEqual(1);

    // A refused resend takes nothing (no send slot, no reservation): ask until the cooldown is over.
    const resent = await until(
      async () => {
        const answer = await customer.app.post(`/v1/verifications/${started.body.id}/resend`);
        return answer.status === 429 ? undefined : answer;
      },
      { what: 'the resend cooldown to pass', deadline: 10_000, interval: 200 },
    );
    expect(resent.status).toBe(200);
    expect(resent.body).toEqual(expect.objectContaining({ status: 'pending', sendCount: 2 }));
    const second = await router.messageFor(to, 2);
    expect(second.messageId).not.toBe(first.messageId);
    expect(second.excludeDeviceIds).toEqual([failedPhone]);
    expect(codeIn(second.body)).toBe(codeIn(first.body));

    const otherPhone = randomUUID();
    await router.report(second, 'sent', { deviceId: otherPhone, deviceOwnerId: randomUUID() });
    await eventually(async () => {
      const read = await customer.app.get(`/v1/verifications/${started.body.id}`);
      expect(read.body.sends.map((send) => [send.sequence, send.status, send.deviceId ?? null])).toEqual([
        [1, 'failed', null],
        [2, 'sent', otherPhone],
      ]);
    });
    const checked = await customer.app.post('/v1/verifications/check', { to, code: codeIn(second.body) });
    expect(checked.body.status).toBe('approved');
    await eventually(() =>
      expect(router.verified.find((event) => event.verificationId === started.body.id)).toEqual(
        expect.objectContaining({ messageId: second.messageId, deviceId: otherPhone }),
      ),
    );
  }, 30_000);

  it('sends at most 5 codes per number per window (429 too_many_sends with Retry-After)', async () => {
    const customer = await customerOf();
    const to = numberRange()();
    for (let send = 1; send <= 5; send += 1) {
      expect((await customer.app.post('/v1/verifications', { to })).status).toBe(201);
    }
    const sixth = await customer.app.post('/v1/verifications', { to });
    expectProblem(sixth, 429, 'too_many_sends');
    expect(Number(sixth.headers.get('retry-after'))).toBeGreaterThan(500);
    expect(Number(sixth.headers.get('retry-after'))).toBeLessThanOrEqual(600);
    await platform.drained();
    expect(router.messagesTo(to)).toHaveLength(5);
  });
});

describe('cancel', () => {
  it('cancels a pending verification; its code stops working; canceling again answers the same', async () => {
    const customer = await customerOf();
    const to = numberRange()();
    const started = await customer.app.post('/v1/verifications', { to });
    const code = codeIn((await router.messageFor(to)).body);
    const canceled = await customer.app.post(`/v1/verifications/${started.body.id}/cancel`);
    expect(canceled.status).toBe(200);
    expect(canceled.body).toEqual(expect.objectContaining({ status: 'canceled', canceledAt: expect.any(String) }));
    expect((await customer.app.post(`/v1/verifications/${started.body.id}/cancel`)).body.status).toBe('canceled');
    const checked = await customer.app.post('/v1/verifications/check', { to, code });
    expect(checked.body).toEqual(expect.objectContaining({ status: 'canceled', valid: false }));
    expectProblem(await customer.app.post(`/v1/verifications/${started.body.id}/resend`), 409, 'verification_not_pending');
    await eventually(() =>
      expect(router.statuses.filter((event) => event.verificationId === started.body.id).map((event) => event.status)).toEqual([
        'pending',
        'canceled',
      ]),
    );
  });
});

describe('billing', () => {
  it('answers 402 with the shortfall when the balance is too low, and neither stores nor sends anything', async () => {
    const customer = await customerOf(4);
    const to = numberRange()();
    const refused = await customer.app.post('/v1/verifications', { to });
    expectProblem(refused, 402, 'insufficient_funds');
    expect(refused.problem).toEqual(expect.objectContaining({ shortfall: 2, available: 4, currency: expect.any(String) }));
    await platform.drained();
    expect(router.messagesTo(to)).toEqual([]);
    expect(await otpDatabaseText()).not.toContain(to);
    // Nor does the refused send count against the number's send limit.
    expect(await redisText()).not.toContain(to);
    expect(await balance(customer)).toEqual(expect.objectContaining({ balance: 4, reserved: 0 }));
  });
});

describe('numbers', () => {
  let customer: TestCustomer;
  beforeAll(async () => {
    customer = await customerOf();
  });

  it.each([
    ['a landline', '+493012345678', 422, 'landline_not_supported'],
    ['a premium-rate number', '+499001234567', 422, 'premium_rate_not_supported'],
    ['a toll-free number', '+498001234567', 422, 'number_type_not_supported'],
    ['a number outside any plan', '+4919012345678', 422, 'invalid_phone_number'],
    ['garbage', '+12', 422, 'invalid_phone_number'],
  ])('refuses %s', async (_label, to, status, code) => {
    const response = await customer.app.post('/v1/verifications', { to });
    expectProblem(response, status, code);
  });

  it('refuses a body the API does not know (codeLength out of range)', async () => {
    expect((await customer.app.post('/v1/verifications', { to: numberRange()(), codeLength: 3 })).status).toBe(400);
  });
});

describe('messages', () => {
  it('renders a stored template with {code}, {minutes}, {app} and the app hash on its last line', async () => {
    const customer = await customerOf();
    const template = await customer.owner.post('/v1/verifications/templates', { name: 'short', body: '{app}: {code} ({minutes} min)' });
    expect(template.status).toBe(201);
    expectProblem(await customer.owner.post('/v1/verifications/templates', { name: 'bad', body: 'no code here' }), 422, 'invalid_otp_template');
    const to = numberRange()();
    const started = await customer.app.post('/v1/verifications', {
      to,
      templateId: template.body.id,
      appName: 'Souq',
      appHash: 'FA+9qCX9VSu',
      expirySeconds: 300,
    });
    expect(started.status).toBe(201);
    const message = await router.messageFor(to);
    expect(message.body).toMatch(/^Souq: \d{6} \(5 min\)\nFA\+9qCX9VSu$/);
  });

  it("carries the organization's provider verify templates with the code as the variable `code`", async () => {
    const customer = await customerOf();
    const providerTemplates = { smsir: '100200?CODE=code', kavenegar: 'zagel-verify' };
    expectProblem(await customer.owner.put('/v1/verifications/settings', { allowedCountries: [], providerTemplates: { 'Bad Name': 'x' } }), 400, 'validation_failed');
    const set = await customer.owner.put('/v1/verifications/settings', { allowedCountries: [], providerTemplates });
    expect(set.body.providerTemplates).toEqual(providerTemplates);
    const to = numberRange()();
    expect((await customer.app.post('/v1/verifications', { to })).status).toBe(201);
    const message = await router.messageFor(to);
    const code = /\d{6}/.exec(message.body)?.[0];
    expect(message.template).toEqual({ providerCodes: providerTemplates, variables: [{ name: 'code', value: code }] });
    await customer.owner.put('/v1/verifications/settings', { allowedCountries: [] });
  });

  it('speaks the asked locale', async () => {
    const customer = await customerOf();
    const to = numberRange()();
    expect((await customer.app.post('/v1/verifications', { to, locale: 'ar' })).status).toBe(201);
    expect((await router.messageFor(to)).body).toMatch(/^رمز التحقق الخاص بك هو \d{6}\./);
  });

  it('replays the first answer for a repeated Idempotency-Key and sends once', async () => {
    const customer = await customerOf();
    const to = numberRange()();
    const key = randomUUID();
    const first = await customer.app.post('/v1/verifications', { to }, { idempotencyKey: key });
    const second = await customer.app.post('/v1/verifications', { to }, { idempotencyKey: key });
    expect(second.body.id).toBe(first.body.id);
    await platform.drained();
    expect(router.messagesTo(to)).toHaveLength(1);
  });
});

describe('tenant isolation', () => {
  it("another organization can neither read, check, resend nor cancel a verification", async () => {
    const owner = await customerOf();
    const stranger = await customerOf();
    const to = numberRange()();
    const started = await owner.app.post('/v1/verifications', { to });
    const code = codeIn((await router.messageFor(to)).body);

    expectProblem(await stranger.app.get(`/v1/verifications/${started.body.id}`), 404, 'verification_not_found');
    expectProblem(await stranger.app.post('/v1/verifications/check', { verificationId: started.body.id, code }), 404, 'verification_not_found');
    expectProblem(await stranger.app.post('/v1/verifications/check', { to, code }), 404, 'verification_not_found');
    expectProblem(await stranger.app.post(`/v1/verifications/${started.body.id}/resend`), 404, 'verification_not_found');
    expectProblem(await stranger.app.post(`/v1/verifications/${started.body.id}/cancel`), 404, 'verification_not_found');

    const read = await owner.app.get(`/v1/verifications/${started.body.id}`);
    expect(read.body).toEqual(expect.objectContaining({ status: 'pending', attempts: 0 }));
  });

  it('needs the verify scope', async () => {
    const customer = await customerOf();
    const key = await customer.owner.post('/v1/api-keys', { name: 'reader', scopes: ['messages:read'] });
    const response = await platform.api.post('/v1/verifications', { to: numberRange()() }, { as: { apiKey: key.body.key } });
    expect(response.status).toBe(403);
  });
});

describe('code secrecy', () => {
  it('never stores the code in clear, in PostgreSQL or in Redis', async () => {
    const customer = await customerOf();
    const to = numberRange()();
    const started = await customer.app.post('/v1/verifications', { to, alphanumeric: true, codeLength: 10 });
    const code = codeIn((await router.messageFor(to)).body);
    expect(code).toHaveLength(10);
    await customer.app.post('/v1/verifications/check', { verificationId: started.body.id, code: 'ACDEFGHJKM' });

    // The outbox holds message.requested (the SMS text) only until it is published, then it is scrubbed.
    await eventually(async () => {
      const database = await otpDatabaseText();
      expect(database).toContain(started.body.id);
      expect(database.toLowerCase()).not.toContain(code.toLowerCase());
    });
    const redis = await redisText();
    expect(redis).toContain(started.body.id);
    expect(redis.toLowerCase()).not.toContain(code.toLowerCase());
    expect((await customer.app.post('/v1/verifications/check', { verificationId: started.body.id, code })).body.status).toBe('approved');
  });
});

describe('fraud guard', () => {
  it("refuses countries outside the organization's allowlist (set by an owner, not by an API key)", async () => {
    const customer = await customerOf();
    expect((await customer.app.put('/v1/verifications/settings', { allowedCountries: ['EG'] })).status).toBe(403);
    const set = await customer.owner.put('/v1/verifications/settings', { allowedCountries: ['EG'] });
    expect(set.status).toBe(200);
    expect(set.body.allowedCountries).toEqual(['EG']);
    expect((await customer.app.get('/v1/verifications/settings')).body.allowedCountries).toEqual(['EG']);

    const refused = await customer.app.post('/v1/verifications', { to: numberRange()() });
    expectProblem(refused, 403, 'country_not_allowed');
    expect(refused.problem).toEqual(expect.objectContaining({ country: 'DE', allowedCountries: ['EG'] }));
    expect((await customer.app.post('/v1/verifications', { to: '+201001234567' })).status).toBe(201);

    await customer.owner.put('/v1/verifications/settings', { allowedCountries: [] });
    expect((await customer.app.post('/v1/verifications', { to: numberRange()() })).status).toBe(201);
  });

  it('applies new settings and a deleted template at once, though starts read them from a cache', async () => {
    const customer = await customerOf();
    expect((await customer.app.post('/v1/verifications', { to: numberRange()() })).status).toBe(201);
    await customer.owner.put('/v1/verifications/settings', { allowedCountries: ['EG'] });
    expectProblem(await customer.app.post('/v1/verifications', { to: numberRange()() }), 403, 'country_not_allowed');
    await customer.owner.put('/v1/verifications/settings', { allowedCountries: [] });

    const template = await customer.owner.post('/v1/verifications/templates', { name: 'cached', body: 'Code {code}' });
    expect((await customer.app.post('/v1/verifications', { to: numberRange()(), templateId: template.body.id })).status).toBe(201);
    expect((await customer.owner.delete(`/v1/verifications/templates/${template.body.id}`)).status).toBe(204);
    expectProblem(await customer.app.post('/v1/verifications', { to: numberRange()(), templateId: template.body.id }), 404, 'otp_template_not_found');
  });

  it('blocks a prefix that gets many verifications and almost no approvals (SMS pumping)', async () => {
    const pumper = await customerOf();
    const range = numberRange();
    const numbers = Array.from({ length: 8 }, range);
    for (const to of numbers) expect((await pumper.app.post('/v1/verifications', { to })).status).toBe(201);

    const blocked = await pumper.app.post('/v1/verifications', { to: range() });
    expectProblem(blocked, 403, 'prefix_blocked');
    expect(blocked.problem?.prefix).toBe(numbers[0]!.slice(0, 8));
    expect(blocked.problem?.detail).toMatch(/pumping/);

    // The block is about the destination range, not the customer: everyone is refused there, nobody elsewhere.
    const honest = await customerOf();
    expectProblem(await honest.app.post('/v1/verifications', { to: range() }), 403, 'prefix_blocked');
    expect((await honest.app.post('/v1/verifications', { to: numberRange()() })).status).toBe(201);
  });

  it('does not block a busy prefix whose verifications are approved', async () => {
    const customer = await customerOf();
    const range = numberRange();
    for (let index = 0; index < 9; index += 1) {
      const to = range();
      const started = await customer.app.post('/v1/verifications', { to });
      expect(started.status).toBe(201);
      const code = codeIn((await router.messageFor(to)).body);
      expect((await customer.app.post('/v1/verifications/check', { to, code })).body.status).toBe('approved');
    }
  });

  it('limits verifications per organization (velocity_limited with Retry-After)', async () => {
    const busy = await customerOf();
    for (let index = 0; index < 12; index += 1) {
      expect((await busy.app.post('/v1/verifications', { to: numberRange()() })).status).toBe(201);
    }
    const limited = await busy.app.post('/v1/verifications', { to: numberRange()() });
    expectProblem(limited, 429, 'velocity_limited');
    expect(limited.problem).toEqual(expect.objectContaining({ scope: 'organization', limit: 12 }));
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('counts every refusal in zagel_otp_blocked_total by reason', async () => {
    const metrics = await (await fetch(`${platform.url('otp')}/metrics`)).text();
    for (const reason of ['country_not_allowed', 'prefix_blocked', 'velocity_limited', 'too_many_sends', 'resend_cooldown']) {
      expect(metrics).toMatch(new RegExp(`zagel_otp_blocked_total\\{[^}]*reason="${reason}"[^}]*\\} [1-9]`));
    }
  });
});
