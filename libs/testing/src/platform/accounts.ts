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

export interface TestCustomer {
  organizationId: string;
  userId: string;
  email: string;
  password: string;
  accessToken: string;
  refreshToken: string;
  apiKey: string;
  /** The public API as the customer's app (its API key). */
  app: PublicApiClient;
  /** The public API as the organization's owner signed in to the dashboard (bearer token). */
  owner: PublicApiClient;
}

export interface TestPhoneOwner {
  userId: string;
  email: string;
  password: string;
  accessToken: string;
  /** The public API as the phone owner. */
  api: PublicApiClient;
}

/** A new customer organization through the public API: its owner, an API key, and credit from the operator. */
export async function createCustomer(desk: AccountDesk, options: CustomerOptions = {}): Promise<TestCustomer> {
  const label = options.label ?? 'customer';
  const tag = randomBytes(4).toString('hex');
  const email = `${label}-${tag}@customers.zagel.test`;
  const password = randomPassword();
  const session = (
    await desk.api.post('/v1/auth/register', { email, password, name: 'Tester Customer', organizationName: `${label} org ${tag}`, accountType: 'customer' })
  ).body;
  const organizationId = session.organization!.id;
  const owner = desk.api.as({ bearer: session.accessToken });
  const credit = options.credit ?? 10_000;
  if (credit > 0) {
    const operator = await desk.asOperator();
    (await operator.post(`/v1/admin/organizations/${organizationId}/credits`, { amount: credit, reason: 'test credit' })).expectStatus(201);
  }
  const scopes = options.scopes ?? [...API_KEY_SCOPES];
  const apiKey = (await owner.post('/v1/api-keys', { name: `${label} app`, scopes })).body.key;
  return {
    organizationId,
    userId: session.user.id,
    email,
    password,
    accessToken: session.accessToken,
    refreshToken: session.refreshToken,
    apiKey,
    app: desk.api.as({ apiKey }),
    owner,
  };
}

/** A new phone-owner account through the public API. */
export async function createPhoneOwner(desk: AccountDesk): Promise<TestPhoneOwner> {
  const email = `owner-${randomBytes(4).toString('hex')}@owners.zagel.test`;
  const password = randomPassword();
  const session = (await desk.api.post('/v1/auth/register', { email, password, name: 'Tester Phone Owner', accountType: 'device_owner' })).body;
  return { userId: session.user.id, email, password, accessToken: session.accessToken, api: desk.api.as({ bearer: session.accessToken }) };
}
