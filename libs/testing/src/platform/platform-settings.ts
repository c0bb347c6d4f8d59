import { randomBytes } from 'node:crypto';

/** The first platform operator of a test platform (ADMIN_EMAIL / ADMIN_PASSWORD). */
export interface OperatorAccount {
  email: string;
  password: string;
}

/** Long and random, so auth's strength check passes, with nothing of any name or email in it. */
export function randomPassword(): string {
  return randomBytes(18).toString('base64url');
}

export function newOperatorAccount(): OperatorAccount {
  return { email: `operator-${randomBytes(4).toString('hex')}@platform.zagel.test`, password: randomPassword() };
}

/**
 * What every test platform runs with unless a test file overrides it: limits no test trips by
 * accident (every request comes from 127.0.0.1, so per-IP counters see the whole file), callbacks
 * allowed to the test's own 127.0.0.1 servers, the secrets production insists on, and an outbox
 * sweeper that looks often.
 */
export function baseSettings(operator: OperatorAccount): Record<string, string> {
  return {
    ADMIN_EMAIL: operator.email,
    ADMIN_PASSWORD: operator.password,
    RATE_LIMIT_PER_KEY_PER_MINUTE: '100000',
    RATE_LIMIT_PER_ORG_PER_MINUTE: '100000',
    RATE_LIMIT_PER_IP_PER_MINUTE: '100000',
    AUTH_LOGIN_MAX_FAILURES_PER_IP: '1000',
    WEBHOOKS_ALLOW_PRIVATE: 'true',
    OTP_CODE_HMAC_KEY: randomBytes(24).toString('hex'),
    PROVIDER_SECRETS_KEY: randomBytes(32).toString('base64'),
    // What a service killed mid-flight left in its outbox is republished within seconds, not 15.
    OUTBOX_SWEEP_INTERVAL_MS: '500',
    OUTBOX_SWEEP_AFTER_MS: '3000',
    // drained() sees ready messages, not unacknowledged ones: a delivery lingering unacked for company
    // would look done. The linger itself is proven by its unit tests and measured by the benches.
    BOOKKEEPING_LINGER_MS: '0',
    // Simulated phones' numbers belong to no SIM: they take traffic as soon as they connect, unless
    // the file tests the number proof itself (DEVICE_NUMBER_PROOF: 'required').
    DEVICE_NUMBER_PROOF: 'off',
  };
}

/**
 * Timeouts and polling short enough to watch a message cross the whole platform in a test: phones
 * that do not answer are given up on within a second or three, schedulers and webhook senders look
 * every 200 ms. For end-to-end files; a per-app file sets what it tests.
 */
export const E2E_TIMINGS: Readonly<Record<string, string>> = {
  DEVICE_ACK_TIMEOUT_MS: '1000',
  DEVICE_SEND_TIMEOUT_MS: '3000',
  DEVICE_RECONNECT_AFTER_SECONDS: '1',
  LEASE_POLL_INTERVAL_MS: '50',
  POOL_REFRESH_INTERVAL_MS: '500',
  SCHEDULER_POLL_INTERVAL_MS: '200',
  WEBHOOKS_POLL_INTERVAL_MS: '200',
};
