import { randomBytes } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import {
  MessageReportsAnnounced,
  MessageStatusBatch,
  MessageStatusChanged,
  MessageStatusPayload,
  SendBatchViaProvider,
  SendBatchViaProviderPayload,
  SendViaProvider,
  SendViaProviderPayload,
} from '@zagel/contracts';
import { ApiReply, PublicApiClient } from '@zagel/sdk';
import { BusProbe, TestPlatform, until } from '@zagel/testing';

/** JSON from the wire, read field by field by the assertions. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

/** An attempt row of provider-sender's `attempts` table. */
export interface AttemptRow {
  provider_name: string;
  chain_position: number;
  try: number;
  state: string;
  error_code: string | null;
  provider_message_id: string | null;
  created_at: Date;
  updated_at: Date;
}

/**
 * What the provider-sender tests do on a platform: admin calls as the operator, `provider.send` and
 * `provider.send.batch` commands on the bus, the `message.status` steps that come back (alone or in
 * `message.status.batch` events), and the service's own tables.
 */
export class ProviderDesk {
  private constructor(
    private readonly platform: TestPlatform,
    readonly operator: PublicApiClient,
    private readonly probe: BusProbe,
  ) {}

  static async open(platform: TestPlatform): Promise<ProviderDesk> {
    const probe = await platform.probe({ service: 'provider-test', hears: [MessageStatusChanged, MessageStatusBatch, MessageReportsAnnounced] });
    return new ProviderDesk(platform, await platform.asOperator(), probe);
  }

  /** An admin call as the operator; untyped, because provider settings are free-form JSON the document cannot type. */
  admin(method: string, path: string, body?: unknown): Promise<ApiReply<Json>> {
    return this.operator.request(method, path, { body }) as Promise<ApiReply<Json>>;
  }

  /** A provider report posted to the public webhook, as the provider would (raw body, its own headers). */
  postReport(path: string, rawBody: string, headers: Record<string, string>): Promise<ApiReply<Json>> {
    return this.platform.api.request('POST', path, { rawBody, headers }) as Promise<ApiReply<Json>>;
  }

  /** A provider account (a simulator unless `extra.kind` says otherwise) with a unique name. */
  async createProvider(label: string, settings: Record<string, unknown> = {}, extra: Record<string, unknown> = {}): Promise<Json> {
    const name = `${label}-${randomBytes(3).toString('hex')}`;
    return (await this.admin('POST', '/v1/admin/providers', { name, kind: 'simulator', settings, ...extra })).expectStatus(201);
  }

  /** A route for one (new) organization, so scenarios never share a chain. */
  async routeForNewOrganization(providers: Json[]): Promise<string> {
    const organizationId = uuidv7();
    (await this.admin('POST', '/v1/admin/routes', { country: '*', organizationId, providers: providers.map((provider) => provider.id) })).expectStatus(201);
    return organizationId;
  }

  async providerHealth(id: string): Promise<Json> {
    const list = await this.admin('GET', '/v1/admin/providers');
    return list.body.items.find((item: Json) => item.id === id).health;
  }

  command(organizationId: string, overrides: Partial<SendViaProviderPayload> = {}): SendViaProviderPayload {
    return { messageId: uuidv7(), organizationId, to: '+12025550123', body: 'Your code is 123456', messageType: 'otp', origin: 'otp', chainPosition: 0, ...overrides };
  }

  async send(command: SendViaProviderPayload): Promise<void> {
    await this.probe.send(SendViaProvider, { service: 'provider-sender' }, command);
  }

  async sendBatch(command: SendBatchViaProviderPayload): Promise<void> {
    await this.probe.send(SendBatchViaProvider, { service: 'provider-sender' }, command);
  }

  private steps(): MessageStatusPayload[] {
    return [
      ...this.probe.heard(MessageStatusChanged),
      ...[...this.probe.heard(MessageStatusBatch), ...this.probe.heard(MessageReportsAnnounced)].flatMap((event) => event.items),
    ];
  }

  statusesOf(messageId: string): string[] {
    return this.steps().filter((status) => status.messageId === messageId).map((status) => status.status);
  }

  /** Waits for the message to reach `status`, returning that event. */
  waitForStatus(messageId: string, status: string, deadline = 20_000): Promise<MessageStatusPayload> {
    return until(() => this.steps().find((event) => event.messageId === messageId && event.status === status), {
      what: `${messageId} to be ${status} (so far: ${this.statusesOf(messageId).join(', ') || 'nothing'})`,
      deadline,
    });
  }

  attempts(messageId: string): Promise<AttemptRow[]> {
    return this.platform.db('provider-sender').query<AttemptRow>(
      `SELECT provider_name, chain_position, try, state, error_code, provider_message_id, created_at, updated_at
       FROM attempts WHERE message_id = $1 ORDER BY created_at`,
      [messageId],
    );
  }

  /** How often the message was put back because every provider of its chain had an open circuit. */
  async deferrals(messageId: string): Promise<number> {
    const row = await this.platform.db('provider-sender').one<{ deferrals: number }>(`SELECT deferrals FROM deliveries WHERE message_id = $1`, [messageId]);
    return row?.deferrals ?? 0;
  }

  async sealedSettings(providerId: string): Promise<string> {
    const row = await this.platform.db('provider-sender').one<{ sealed_settings: string }>(`SELECT sealed_settings FROM provider_accounts WHERE id = $1`, [providerId]);
    return row?.sealed_settings ?? '';
  }
}
