import { randomBytes } from 'node:crypto';
import { API_KEY_SCOPES, ApiKeyScope } from '@zagel/contracts';
import { PublicApiClient } from '@zagel/sdk';
import { randomPassword } from './platform-settings';

/** What account helpers need of a platform: its public API and its operator. */
export interface AccountDesk {
  readonly api: PublicApiClient;
  asOperator(): Promise<PublicApiClient>;
}

export interface CustomerOptions {
  /** Minor units the operator credits to its wallet (billing must run). Default 10,000; 0 for none. */
  credit?: number;
  /** Scopes of its app's API key. Default: all. */
  scopes?: ApiKeyScope[];
  /** Goes into the email and organization name, to tell customers apart in logs. */
  label?: string;
}

/** An account signed in through the public API: who it is and the API acting as it (bearer token). */
export interface TestAccount {
  userId: string;
  email: string;
  password: string;
  accessToken: string;
  refreshToken: string;
  api: PublicApiClient;
}

/** A customer account that owns a new organization. */
export interface TestCustomerAccount extends TestAccount {
  organizationId: string;
}

/** A customer organization ready to send: its owner's account, credit, and its app's API key. */
export interface TestCustomer extends TestCustomerAccount {
  apiKey: string;
  /** The public API as the customer's app (its API key). */
  app: PublicApiClient;
  /** The public API as the organization's owner signed in to the dashboard (the same as `api`). */
  owner: PublicApiClient;
}

export type TestPhoneOwner = TestAccount;

/**
 * A random password that contains none of the owner's words: auth refuses one that does
 * (`contains_personal_data`), and a short label such as `otp` turns up in a random one about once
 * in 1,500 sign-ups.
 */
function passwordWithout(words: string[]): string {
  const personal = words.map((word) => word.toLowerCase()).filter((word) => word.length >= 3);
  for (;;) {
    const password = randomPassword();
    if (!personal.some((word) => password.toLowerCase().includes(word))) return password;
  }
}

async function register(desk: AccountDesk, accountType: 'customer' | 'device_owner', label: string) {
  const tag = randomBytes(4).toString('hex');
  const email = `${label}-${tag}@accounts.zagel.test`;
  const password = passwordWithout([label, 'tester']);
  const organization = accountType === 'customer' ? { organizationName: `${label} org ${tag}` } : {};
  const session = (await desk.api.post('/v1/auth/register', { email, password, name: `Tester ${label}`, accountType, ...organization })).expectStatus(201);
  const account = {
    userId: session.user.id,
    email,
    password,
    accessToken: session.accessToken,
    refreshToken: session.refreshToken,
    api: desk.api.as({ bearer: session.accessToken }),
  };
  return { account, organizationId: session.organization?.id };
}

/** A new customer account (and organization) through the public API, without credit or API key. */
export async function signUpCustomer(desk: AccountDesk, label = 'customer'): Promise<TestCustomerAccount> {
  const { account, organizationId } = await register(desk, 'customer', label);
  if (!organizationId) throw new Error('registering a customer made no organization');
  return { ...account, organizationId };
}

/** A new customer organization through the public API: its owner, credit from the operator, an API key. */
export async function createCustomer(desk: AccountDesk, options: CustomerOptions = {}): Promise<TestCustomer> {
  const label = options.label ?? 'customer';
  const account = await signUpCustomer(desk, label);
  const credit = options.credit ?? 10_000;
  if (credit > 0) {
    const operator = await desk.asOperator();
    (await operator.post(`/v1/admin/organizations/${account.organizationId}/credits`, { amount: credit, reason: 'test credit' })).expectStatus(201);
  }
  const scopes = options.scopes ?? [...API_KEY_SCOPES];
  const apiKey = (await account.api.post('/v1/api-keys', { name: `${label} app`, scopes })).expectStatus(201).key;
  return { ...account, apiKey, app: desk.api.as({ apiKey }), owner: account.api };
}

/** A new phone-owner account through the public API. */
export async function createPhoneOwner(desk: AccountDesk): Promise<TestPhoneOwner> {
  return (await register(desk, 'device_owner', 'owner')).account;
}
