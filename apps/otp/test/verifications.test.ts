import { randomUUID } from 'node:crypto';
import { eventually } from '@zagel/testing';
import { ApiResponse, codeIn, Customer, Json, numberRange, OtpPlatform, sleep } from './support/otp-platform';

let otp: OtpPlatform;

beforeAll(async () => {
  otp = await OtpPlatform.start();
}, 120_000);

afterAll(async () => {
  await otp?.stop();
});

function expectProblem(response: ApiResponse, status: number, code: string): void {
  expect({ status: response.status, code: response.body?.code }).toEqual({ status, code });
  expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(typeof response.body.detail).toBe('string');
}

describe('a verification from send to approval', () => {
  it('sends the code through a phone, approves it once, rewards the phone owner and captures the price', async () => {
    const customer = await otp.customer(1_000);
    const to = numberRange()();
    const callbackUrl = 'https://shop.example.com/hooks/verify';
    const started = await otp.api.post('/v1/verifications', customer.app, { to, callbackUrl, metadata: { order: '42' } });
    expect(started.status).toBe(201);
    expect(started.body).toEqual(
      expect.objectContaining({ id: expect.any(String), to, status: 'pending', sendCount: 1, route: 'auto', expiresAt: expect.any(String) }),
    );
    const expiresIn = new Date(started.body.expiresAt).getTime() - Date.now();
    expect(expiresIn).toBeGreaterThan(590_000);
    expect(expiresIn).toBeLessThanOrEqual(600_000);

    const message = await otp.router.messageFor(to);
    expect(message).toEqual(
      expect.objectContaining({ organizationId: customer.organizationId, messageType: 'otp', route: 'auto', excludeDeviceIds: [] }),
    );
    expect(new Date(message.expiresAt as string).toISOString()).toBe(started.body.expiresAt);
    const code = codeIn(message.body);
    expect(code).toMatch(/^\d{6}$/);
    expect(message.body).toContain('10 min');

    // The price is reserved before anything is sent.
    expect(await otp.balance(customer.organizationId)).toEqual(expect.objectContaining({ balance: 1_000, reserved: 6, available: 994 }));

    const deviceId = randomUUID();
    const deviceOwnerId = randomUUID();
    await otp.router.report(message, 'sent', { deviceId, deviceOwnerId });
    await eventually(async () => {
      const read = await otp.api.get(`/v1/verifications/${started.body.id}`, customer.app);
      expect(read.body.route).toBe('device');
      expect(read.body.sends).toEqual([expect.objectContaining({ messageId: message.messageId, status: 'sent', route: 'device', deviceId })]);
    });

    const checked = await otp.api.post('/v1/verifications/check', customer.app, { to, code });
    expect(checked.status).toBe(200);
    expect(checked.body).toEqual({ id: started.body.id, status: 'approved', valid: true, remainingAttempts: 4 });

    await eventually(() => {
      expect(otp.router.verified.filter((event) => event.verificationId === started.body.id)).toEqual([
        expect.objectContaining({ organizationId: customer.organizationId, messageId: message.messageId, to, deviceId, deviceOwnerId }),
      ]);
    });
    await eventually(() => {
      const statuses = otp.router.statuses.filter((event) => event.verificationId === started.body.id).map((event) => event.status);
      expect(statuses).toEqual(['pending', 'approved']);
    });
    const approvedEvent = otp.router.statuses.find((event) => event.verificationId === started.body.id && event.status === 'approved');
    expect(approvedEvent).toEqual(expect.objectContaining({ callbackUrl, metadata: { order: '42' }, attempts: 1, to }));

    // The code is gone: the same code again is not valid any more.
    const again = await otp.api.post('/v1/verifications/check', customer.app, { verificationId: started.body.id, code });
    expect(again.body).toEqual(expect.objectContaining({ status: 'approved', valid: false }));

    // Billing captured the device route's price (3) for the message that was sent.
    await eventually(async () => {
      expect(await otp.balance(customer.organizationId)).toEqual(expect.objectContaining({ balance: 997, reserved: 0 }));
    });
    const ledger = await otp.ledger(customer.organizationId);
    expect(ledger.items).toEqual(
      expect.arrayContaining([expect.objectContaining({ kind: 'capture', amount: -3, description: expect.stringContaining(message.messageId) })]),
    );

    const read = await otp.api.get(`/v1/verifications/${started.body.id}`, customer.app);
    expect(read.body).toEqual(expect.objectContaining({ status: 'approved', attempts: 1, approvedAt: expect.any(String) }));
  });

  it('approves once when two checks with the right code race, and counts both attempts', async () => {
    const customer = await otp.customer();
    const to = numberRange()();
    const started = await otp.api.post('/v1/verifications', customer.app, { to });
    const code = codeIn((await otp.router.messageFor(to)).body);
    const wrong = code === '000000' ? '111111' : '000000';

    const racingWrong = await Promise.all([1, 2].map(() => otp.api.post('/v1/verifications/check', customer.app, { to, code: wrong })));
    expect(racingWrong.map((response) => response.body.remainingAttempts).sort()).toEqual([3, 4]);

    const racingRight = await Promise.all([1, 2, 3].map(() => otp.api.post('/v1/verifications/check', customer.app, { to, code })));
    expect(racingRight.every((response) => response.body.status === 'approved')).toBe(true);
    // The code was typed before the phone reported it sent: otp.verified waits for that report, then names the phone.
    await sleep(500);
    expect(otp.router.verified.filter((event) => event.verificationId === started.body.id)).toHaveLength(0);
    const message = await otp.router.messageFor(to);
    const phone = { deviceId: randomUUID(), deviceOwnerId: randomUUID() };
    const deviceId = phone.deviceId;
    await Promise.all([otp.router.report(message, 'sent', phone), otp.router.report(message, 'delivered', phone)]);
    await eventually(() =>
      expect(otp.router.verified.filter((event) => event.verificationId === started.body.id)).toEqual([expect.objectContaining({ deviceId })]),
    );
    await sleep(1_000);
    expect(otp.router.verified.filter((event) => event.verificationId === started.body.id)).toHaveLength(1);
  });

  it('ends the verification after 5 wrong codes (max_attempts_reached), even for the right code afterwards', async () => {
    const customer = await otp.customer();
    const to = numberRange()();
    const started = await otp.api.post('/v1/verifications', customer.app, { to, alphanumeric: true, codeLength: 8 });
    const message = await otp.router.messageFor(to);
    const code = codeIn(message.body);
    expect(code).toMatch(/^[ACDEFGHJKMNPQRTVWXY3-9]{8}$/);

    for (let attempt = 1; attempt <= 4; attempt += 1) {
      const response = await otp.api.post('/v1/verifications/check', customer.app, { verificationId: started.body.id, code: 'WRONG123' });
      expect(response.body).toEqual({ id: started.body.id, status: 'pending', valid: false, remainingAttempts: 5 - attempt });
    }
    const fifth = await otp.api.post('/v1/verifications/check', customer.app, { verificationId: started.body.id, code: 'WRONG123' });
    expect(fifth.body).toEqual({ id: started.body.id, status: 'max_attempts_reached', valid: false, remainingAttempts: 0 });
    const right = await otp.api.post('/v1/verifications/check', customer.app, { verificationId: started.body.id, code: code.toLowerCase() });
    expect(right.body).toEqual(expect.objectContaining({ status: 'max_attempts_reached', valid: false }));
    expect((await otp.api.get(`/v1/verifications/${started.body.id}`, customer.app)).body).toEqual(
      expect.objectContaining({ status: 'max_attempts_reached', attempts: 5, remainingAttempts: 0 }),
    );
    await eventually(() =>
      expect(otp.router.statuses.filter((event) => event.verificationId === started.body.id).map((event) => event.status)).toContain('max_attempts_reached'),
    );
  });

  it('records a provider delivery, and approves it with no phone to reward', async () => {
    const customer = await otp.customer();
    const to = numberRange()();
    const started = await otp.api.post('/v1/verifications', customer.app, { to });
    const message = await otp.router.messageFor(to);
    await otp.router.report(message, 'sent', { provider: 'twilio' });
    await eventually(async () => {
      const read = await otp.api.get(`/v1/verifications/${started.body.id}`, customer.app);
      expect(read.body.route).toBe('provider');
      expect(read.body.sends).toEqual([expect.objectContaining({ status: 'sent', route: 'provider', provider: 'twilio' })]);
    });
    await otp.router.report(message, 'delivered', { provider: 'twilio' });
    expect((await otp.api.post('/v1/verifications/check', customer.app, { to, code: codeIn(message.body) })).body.status).toBe('approved');
    await eventually(() => {
      const verified = otp.router.verified.find((event) => event.verificationId === started.body.id);
      expect(verified).toEqual(expect.objectContaining({ messageId: message.messageId }));
      expect(verified?.deviceId).toBeUndefined();
      expect(verified?.deviceOwnerId).toBeUndefined();
    });
  });

  it('accepts an alphanumeric code case-insensitively', async () => {
    const customer = await otp.customer();
    const to = numberRange()();
    const started = await otp.api.post('/v1/verifications', customer.app, { to, alphanumeric: true });
    const code = codeIn((await otp.router.messageFor(to)).body);
    const checked = await otp.api.post('/v1/verifications/check', customer.app, { verificationId: started.body.id, code: code.toLowerCase() });
    expect(checked.body).toEqual(expect.objectContaining({ status: 'approved', valid: true }));
  });
});

describe('expiry', () => {
  it('reads as expired after expirySeconds, refuses the right code, and is announced without being read', async () => {
    const customer = await otp.customer();
    const range = numberRange();
    const read = range();
    const unread = range();
    const started = await otp.api.post('/v1/verifications', customer.app, { to: read, expirySeconds: 10 });
    const untouched = await otp.api.post('/v1/verifications', customer.app, { to: unread, expirySeconds: 10 });
    expect(started.status).toBe(201);
    const code = codeIn((await otp.router.messageFor(read)).body);
    expect((await otp.router.messageFor(read)).body).toContain('1 min');

    await sleep(10_500);
    expect((await otp.api.get(`/v1/verifications/${started.body.id}`, customer.app)).body.status).toBe('expired');
    const checked = await otp.api.post('/v1/verifications/check', customer.app, { verificationId: started.body.id, code });
    expect(checked.body).toEqual(expect.objectContaining({ status: 'expired', valid: false }));
    expectProblem(await otp.api.post(`/v1/verifications/${started.body.id}/resend`, customer.app), 409, 'verification_not_pending');

    await eventually(() =>
      expect(otp.router.statuses.filter((event) => event.verificationId === untouched.body.id).map((event) => event.status)).toEqual([
        'pending',
        'expired',
      ]),
    );
  }, 30_000);
});

describe('resend', () => {
  it('waits for the cooldown, sends the same code again and excludes the phone that failed', async () => {
    const customer = await otp.customer();
    const to = numberRange()();
    const started = await otp.api.post('/v1/verifications', customer.app, { to });
    const first = await otp.router.messageFor(to);
    const failedPhone = randomUUID();
    await otp.router.report(first, 'failed', { deviceId: failedPhone, errorCode: 'generic_failure' });
    await eventually(async () => {
      const read = await otp.api.get(`/v1/verifications/${started.body.id}`, customer.app);
      expect(read.body.sends[0]).toEqual(expect.objectContaining({ status: 'failed', errorCode: 'generic_failure' }));
    });
    await eventually(() =>
      expect(otp.router.statuses.find((event) => event.verificationId === started.body.id && event.sendStatus === 'failed')).toEqual(
        expect.objectContaining({ status: 'pending', messageId: first.messageId }),
      ),
    );

    const early = await otp.api.post(`/v1/verifications/${started.body.id}/resend`, customer.app);
    expectProblem(early, 429, 'resend_cooldown');
    expect(Number(early.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(Number(early.headers.get('retry-after'))).toBeLessThanOrEqual(2);
    expect(early.body.retryAfterSeconds).toBeGreaterThanOrEqual(1);

    await sleep(2_100);
    const resent = await otp.api.post(`/v1/verifications/${started.body.id}/resend`, customer.app);
    expect(resent.status).toBe(200);
    expect(resent.body).toEqual(expect.objectContaining({ status: 'pending', sendCount: 2 }));
    const second = await otp.router.messageFor(to, 2);
    expect(second.messageId).not.toBe(first.messageId);
    expect(second.excludeDeviceIds).toEqual([failedPhone]);
    expect(codeIn(second.body)).toBe(codeIn(first.body));

    const otherPhone = randomUUID();
    await otp.router.report(second, 'sent', { deviceId: otherPhone, deviceOwnerId: randomUUID() });
    await eventually(async () => {
      const read = await otp.api.get(`/v1/verifications/${started.body.id}`, customer.app);
      expect(read.body.sends.map((send: Json) => [send.sequence, send.status, send.deviceId ?? null])).toEqual([
        [1, 'failed', null],
        [2, 'sent', otherPhone],
      ]);
    });
    const checked = await otp.api.post('/v1/verifications/check', customer.app, { to, code: codeIn(second.body) });
    expect(checked.body.status).toBe('approved');
    await eventually(() =>
      expect(otp.router.verified.find((event) => event.verificationId === started.body.id)).toEqual(
        expect.objectContaining({ messageId: second.messageId, deviceId: otherPhone }),
      ),
    );
  }, 30_000);

  it('sends at most 5 codes per number per window (429 too_many_sends with Retry-After)', async () => {
    const customer = await otp.customer();
    const to = numberRange()();
    for (let send = 1; send <= 5; send += 1) {
      expect((await otp.api.post('/v1/verifications', customer.app, { to })).status).toBe(201);
    }
    const sixth = await otp.api.post('/v1/verifications', customer.app, { to });
    expectProblem(sixth, 429, 'too_many_sends');
    expect(Number(sixth.headers.get('retry-after'))).toBeGreaterThan(500);
    expect(Number(sixth.headers.get('retry-after'))).toBeLessThanOrEqual(600);
    await sleep(300);
    expect(otp.router.messagesTo(to)).toHaveLength(5);
  });
});

describe('cancel', () => {
  it('cancels a pending verification; its code stops working; canceling again answers the same', async () => {
    const customer = await otp.customer();
    const to = numberRange()();
    const started = await otp.api.post('/v1/verifications', customer.app, { to });
    const code = codeIn((await otp.router.messageFor(to)).body);
    const canceled = await otp.api.post(`/v1/verifications/${started.body.id}/cancel`, customer.app);
    expect(canceled.status).toBe(200);
    expect(canceled.body).toEqual(expect.objectContaining({ status: 'canceled', canceledAt: expect.any(String) }));
    expect((await otp.api.post(`/v1/verifications/${started.body.id}/cancel`, customer.app)).body.status).toBe('canceled');
    const checked = await otp.api.post('/v1/verifications/check', customer.app, { to, code });
    expect(checked.body).toEqual(expect.objectContaining({ status: 'canceled', valid: false }));
    expectProblem(await otp.api.post(`/v1/verifications/${started.body.id}/resend`, customer.app), 409, 'verification_not_pending');
    await eventually(() =>
      expect(otp.router.statuses.filter((event) => event.verificationId === started.body.id).map((event) => event.status)).toEqual([
        'pending',
        'canceled',
      ]),
    );
  });
});

describe('billing', () => {
  it('answers 402 with the shortfall when the balance is too low, and neither stores nor sends anything', async () => {
    const customer = await otp.customer(4);
    const to = numberRange()();
    const refused = await otp.api.post('/v1/verifications', customer.app, { to });
    expectProblem(refused, 402, 'insufficient_funds');
    expect(refused.body).toEqual(expect.objectContaining({ shortfall: 2, available: 4, currency: expect.any(String) }));
    await sleep(500);
    expect(otp.router.messagesTo(to)).toEqual([]);
    expect(await otp.otpDatabaseText()).not.toContain(to);
    // Nor does the refused send count against the number's send limit.
    expect(await otp.redisText()).not.toContain(to);
    expect(await otp.balance(customer.organizationId)).toEqual(expect.objectContaining({ balance: 4, reserved: 0 }));
  });
});

describe('numbers', () => {
  let customer: Customer;
  beforeAll(async () => {
    customer = await otp.customer();
  });

  it.each([
    ['a landline', '+493012345678', 422, 'landline_not_supported'],
    ['a premium-rate number', '+499001234567', 422, 'premium_rate_not_supported'],
    ['a toll-free number', '+498001234567', 422, 'number_type_not_supported'],
    ['a number outside any plan', '+4919012345678', 422, 'invalid_phone_number'],
    ['garbage', '+12', 422, 'invalid_phone_number'],
  ])('refuses %s', async (_label, to, status, code) => {
    const response = await otp.api.post('/v1/verifications', customer.app, { to });
    expectProblem(response, status, code);
  });

  it('refuses a body the API does not know (codeLength out of range)', async () => {
    expect((await otp.api.post('/v1/verifications', customer.app, { to: numberRange()(), codeLength: 3 })).status).toBe(400);
  });
});

describe('messages', () => {
  it('renders a stored template with {code}, {minutes}, {app} and the app hash on its last line', async () => {
    const customer = await otp.customer();
    const template = await otp.api.post('/v1/verifications/templates', customer.owner, { name: 'short', body: '{app}: {code} ({minutes} min)' });
    expect(template.status).toBe(201);
    expectProblem(await otp.api.post('/v1/verifications/templates', customer.owner, { name: 'bad', body: 'no code here' }), 422, 'invalid_otp_template');
    const to = numberRange()();
    const started = await otp.api.post('/v1/verifications', customer.app, {
      to,
      templateId: template.body.id,
      appName: 'Souq',
      appHash: 'FA+9qCX9VSu',
      expirySeconds: 300,
    });
    expect(started.status).toBe(201);
    const message = await otp.router.messageFor(to);
    expect(message.body).toMatch(/^Souq: \d{6} \(5 min\)\nFA\+9qCX9VSu$/);
  });

  it('speaks the asked locale', async () => {
    const customer = await otp.customer();
    const to = numberRange()();
    expect((await otp.api.post('/v1/verifications', customer.app, { to, locale: 'ar' })).status).toBe(201);
    expect((await otp.router.messageFor(to)).body).toMatch(/^رمز التحقق الخاص بك هو \d{6}\./);
  });

  it('replays the first answer for a repeated Idempotency-Key and sends once', async () => {
    const customer = await otp.customer();
    const to = numberRange()();
    const key = randomUUID();
    const first = await otp.api.post('/v1/verifications', customer.app, { to }, { 'idempotency-key': key });
    const second = await otp.api.post('/v1/verifications', customer.app, { to }, { 'idempotency-key': key });
    expect(second.body.id).toBe(first.body.id);
    await sleep(500);
    expect(otp.router.messagesTo(to)).toHaveLength(1);
  });
});

describe('tenant isolation', () => {
  it("another organization can neither read, check, resend nor cancel a verification", async () => {
    const owner = await otp.customer();
    const stranger = await otp.customer();
    const to = numberRange()();
    const started = await otp.api.post('/v1/verifications', owner.app, { to });
    const code = codeIn((await otp.router.messageFor(to)).body);

    expectProblem(await otp.api.get(`/v1/verifications/${started.body.id}`, stranger.app), 404, 'verification_not_found');
    expectProblem(await otp.api.post('/v1/verifications/check', stranger.app, { verificationId: started.body.id, code }), 404, 'verification_not_found');
    expectProblem(await otp.api.post('/v1/verifications/check', stranger.app, { to, code }), 404, 'verification_not_found');
    expectProblem(await otp.api.post(`/v1/verifications/${started.body.id}/resend`, stranger.app), 404, 'verification_not_found');
    expectProblem(await otp.api.post(`/v1/verifications/${started.body.id}/cancel`, stranger.app), 404, 'verification_not_found');

    const read = await otp.api.get(`/v1/verifications/${started.body.id}`, owner.app);
    expect(read.body).toEqual(expect.objectContaining({ status: 'pending', attempts: 0 }));
  });

  it('needs the verify scope', async () => {
    const customer = await otp.customer();
    const key = await otp.api.post('/v1/api-keys', customer.owner, { name: 'reader', scopes: ['messages:read'] });
    const response = await otp.api.post('/v1/verifications', { apiKey: key.body.key }, { to: numberRange()() });
    expect(response.status).toBe(403);
  });
});

describe('code secrecy', () => {
  it('never stores the code in clear, in PostgreSQL or in Redis', async () => {
    const customer = await otp.customer();
    const to = numberRange()();
    const started = await otp.api.post('/v1/verifications', customer.app, { to, alphanumeric: true, codeLength: 10 });
    const code = codeIn((await otp.router.messageFor(to)).body);
    expect(code).toHaveLength(10);
    await otp.api.post('/v1/verifications/check', customer.app, { verificationId: started.body.id, code: 'ACDEFGHJKM' });

    // The outbox holds message.requested (the SMS text) only until it is published, then it is scrubbed.
    await eventually(async () => {
      const database = await otp.otpDatabaseText();
      expect(database).toContain(started.body.id);
      expect(database.toLowerCase()).not.toContain(code.toLowerCase());
    });
    const redis = await otp.redisText();
    expect(redis).toContain(started.body.id);
    expect(redis.toLowerCase()).not.toContain(code.toLowerCase());
    expect((await otp.api.post('/v1/verifications/check', customer.app, { verificationId: started.body.id, code })).body.status).toBe('approved');
  });
});

describe('fraud guard', () => {
  it("refuses countries outside the organization's allowlist (set by an owner, not by an API key)", async () => {
    const customer = await otp.customer();
    expect((await otp.api.put('/v1/verifications/settings', customer.app, { allowedCountries: ['EG'] })).status).toBe(403);
    const set = await otp.api.put('/v1/verifications/settings', customer.owner, { allowedCountries: ['EG'] });
    expect(set.status).toBe(200);
    expect(set.body.allowedCountries).toEqual(['EG']);
    expect((await otp.api.get('/v1/verifications/settings', customer.app)).body.allowedCountries).toEqual(['EG']);

    const refused = await otp.api.post('/v1/verifications', customer.app, { to: numberRange()() });
    expectProblem(refused, 403, 'country_not_allowed');
    expect(refused.body).toEqual(expect.objectContaining({ country: 'DE', allowedCountries: ['EG'] }));
    expect((await otp.api.post('/v1/verifications', customer.app, { to: '+201001234567' })).status).toBe(201);

    await otp.api.put('/v1/verifications/settings', customer.owner, { allowedCountries: [] });
    expect((await otp.api.post('/v1/verifications', customer.app, { to: numberRange()() })).status).toBe(201);
  });

  it('blocks a prefix that gets many verifications and almost no approvals (SMS pumping)', async () => {
    const pumper = await otp.customer();
    const range = numberRange();
    const numbers = Array.from({ length: 8 }, range);
    for (const to of numbers) expect((await otp.api.post('/v1/verifications', pumper.app, { to })).status).toBe(201);

    const blocked = await otp.api.post('/v1/verifications', pumper.app, { to: range() });
    expectProblem(blocked, 403, 'prefix_blocked');
    expect(blocked.body.prefix).toBe(numbers[0]!.slice(0, 8));
    expect(blocked.body.detail).toMatch(/pumping/);

    // The block is about the destination range, not the customer: everyone is refused there, nobody elsewhere.
    const honest = await otp.customer();
    expectProblem(await otp.api.post('/v1/verifications', honest.app, { to: range() }), 403, 'prefix_blocked');
    expect((await otp.api.post('/v1/verifications', honest.app, { to: numberRange()() })).status).toBe(201);
  });

  it('does not block a busy prefix whose verifications are approved', async () => {
    const customer = await otp.customer();
    const range = numberRange();
    for (let index = 0; index < 9; index += 1) {
      const to = range();
      const started = await otp.api.post('/v1/verifications', customer.app, { to });
      expect(started.status).toBe(201);
      const code = codeIn((await otp.router.messageFor(to)).body);
      expect((await otp.api.post('/v1/verifications/check', customer.app, { to, code })).body.status).toBe('approved');
    }
  });

  it('limits verifications per organization (velocity_limited with Retry-After)', async () => {
    const busy = await otp.customer();
    for (let index = 0; index < 12; index += 1) {
      expect((await otp.api.post('/v1/verifications', busy.app, { to: numberRange()() })).status).toBe(201);
    }
    const limited = await otp.api.post('/v1/verifications', busy.app, { to: numberRange()() });
    expectProblem(limited, 429, 'velocity_limited');
    expect(limited.body).toEqual(expect.objectContaining({ scope: 'organization', limit: 12 }));
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('counts every refusal in zagel_otp_blocked_total by reason', async () => {
    const metrics = await otp.metrics();
    for (const reason of ['country_not_allowed', 'prefix_blocked', 'velocity_limited', 'too_many_sends', 'resend_cooldown']) {
      expect(metrics).toMatch(new RegExp(`zagel_otp_blocked_total\\{[^}]*reason="${reason}"[^}]*\\} [1-9]`));
    }
  });
});
