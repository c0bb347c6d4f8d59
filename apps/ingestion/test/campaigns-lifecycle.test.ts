import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MessageBatchRequested, MessageBatchRequestedPayload, MessageStatus, MessageStatusChanged } from '@zagel/contracts';
import { Schema } from '@zagel/sdk';
import { BusProbe, expectProblem, TestCustomer, TestPlatform, typescriptChildArgs, until } from '@zagel/testing';
import { csvRows, uploadCampaign, usNumber } from './support/campaign-files';
import { CampaignWatcher } from './support/event-stream';

/** Seeded price of a promotional segment through providers (the campaign default route). */
const UNIT = 5;

const platform = new TestPlatform({ services: ['auth', 'billing', 'ingestion', 'api-gateway'] });
/** Plays the dispatcher: hears the chunks ingestion hands out, and reports statuses as providers would. */
let router: BusProbe;

beforeAll(async () => {
  await platform.start();
  router = await platform.probe({ service: 'campaign-router', hears: [MessageBatchRequested] });
}, 120_000);

afterAll(() => platform.stop(), 60_000);

type Campaign = Schema<'CampaignView'>;

const fileOf = (count: number, first = 0) => {
  let file = 'phone,message\n';
  for (let index = first; index < first + count; index += 1) file += `${usNumber(index)},Sale ${index}\n`;
  return file;
};

async function draft(as: TestCustomer, count: number, fields: Record<string, string> = {}): Promise<Campaign> {
  return (await uploadCampaign(as, fileOf(count), fields)).expectStatus(201);
}

/** Each chunk once (a chunk the outbox published twice after a crash carries the same message id). */
function chunksOf(campaignId: string): MessageBatchRequestedPayload[] {
  const unique = new Map<string, MessageBatchRequestedPayload>();
  for (const event of router.heardWithMetadata(MessageBatchRequested)) {
    if (event.payload.campaignId === campaignId) unique.set(event.metadata.messageId, event.payload);
  }
  return [...unique.values()];
}

const recipientsOf = (campaignId: string) => chunksOf(campaignId).flatMap((chunk) => chunk.recipients);

const view = async (as: TestCustomer, id: string) => (await as.app.get(`/v1/campaigns/${id}`)).expectStatus(200);
const balance = async (as: TestCustomer) => (await as.app.get('/v1/billing/balance')).expectStatus(200);

function report(as: TestCustomer, messageId: string, status: MessageStatus) {
  return router.publish(MessageStatusChanged, { messageId, organizationId: as.organizationId, status, origin: 'api', at: new Date().toISOString(), route: 'provider' });
}

function reaches(as: TestCustomer, id: string, check: (campaign: Campaign) => boolean, what: string, deadline = 15_000) {
  return until(async () => {
    const campaign = await view(as, id);
    return check(campaign) ? campaign : undefined;
  }, { what, deadline });
}

describe('a campaign from draft to completed', () => {
  it('reserves the whole estimate at start, hands recipients out in chunks, and captures every message handed to a carrier, whatever came after', async () => {
    const tenant = await platform.customer({ label: 'complete', credit: 10_000 });
    const created = await draft(tenant, 6);
    expect(created).toMatchObject({ status: 'draft', estimate: { price: 6 * UNIT } });
    expect(chunksOf(created.id)).toEqual([]);

    const started = (await tenant.app.post(`/v1/campaigns/${created.id}/start`)).expectStatus(200);
    expect(started).toMatchObject({ status: 'running', reserved: 6 * UNIT });
    expect(await balance(tenant)).toMatchObject({ balance: 10_000, reserved: 6 * UNIT, available: 10_000 - 6 * UNIT });

    const recipients = await until(() => (recipientsOf(created.id).length === 6 ? recipientsOf(created.id) : undefined), { what: 'all six recipients handed out' });
    expect(recipients.map((recipient) => recipient.to).sort()).toEqual([0, 1, 2, 3, 4, 5].map(usNumber).sort());
    expect(chunksOf(created.id)[0]).toMatchObject({ organizationId: tenant.organizationId, messageType: 'promotional', route: 'providers' });

    const listed = (await tenant.app.get(`/v1/messages?campaignId=${created.id}&limit=100`)).expectStatus(200);
    expect(listed.items.map((message) => message.id).sort()).toEqual(recipients.map((recipient) => recipient.messageId).sort());

    // Charged once handed to a carrier (a, b, c, d, e, whatever came after), never when it failed before that (f).
    const [a, b, c, d, e, f] = recipients.map((recipient) => recipient.messageId);
    for (const id of [a, b, c, d, e]) await report(tenant, id, 'sent');
    for (const id of [a, b]) await report(tenant, id, 'delivered');
    await report(tenant, f, 'failed');
    // Every message has left the queue: the campaign may settle from here on, and what follows changes no charge.
    await report(tenant, c, 'undelivered');
    await report(tenant, e, 'failed');

    const completed = await reaches(tenant, created.id, (campaign) => campaign.status === 'completed' && campaign.reserved === 0 && campaign.counters.sent === 1 && campaign.counters.failed === 2, 'completed, settled and every report in');
    expect(completed.counters).toEqual({ queued: 0, sent: 1, delivered: 2, failed: 2, undelivered: 1, canceled: 0, expired: 0 });
    expect(completed.spent).toBe(5 * UNIT);
    expect(await balance(tenant)).toMatchObject({ balance: 10_000 - 5 * UNIT, reserved: 0, available: 10_000 - 5 * UNIT });

    const reply = await tenant.app.request('GET', `/v1/campaigns/${created.id}/report`);
    const rows = csvRows(reply.text);
    expect(rows[0]).toEqual(['line', 'phone', 'messageId', 'status', 'errorCode', 'segments', 'price', 'sentAt', 'deliveredAt']);
    const byId = new Map(recipients.map((recipient) => [recipient.messageId, recipient.to]));
    const statuses: Record<string, string> = { [a]: 'delivered', [b]: 'delivered', [c]: 'undelivered', [d]: 'sent', [e]: 'failed', [f]: 'failed' };
    expect(rows.slice(1).map(([line, phone, , status, , segments, price]) => [line, phone, status, segments, price])).toEqual(
      [0, 1, 2, 3, 4, 5].map((index) => [String(index + 2), usNumber(index), expect.any(String), '1', String(UNIT)]),
    );
    for (const [, phone, messageId, status, , , , sentAt] of rows.slice(1)) {
      expect(byId.get(messageId)).toBe(phone);
      expect(status).toBe(statuses[messageId]);
      expect(sentAt === '').toBe(messageId === f);
    }

    // A recipient's message redacted: its text is gone from the message and from the campaign's copy of its row.
    expect((await tenant.app.post(`/v1/messages/${b}/redact`)).expectStatus(200)).toMatchObject({ body: '', status: 'delivered', campaignId: created.id });
    const bodies = await platform
      .db('ingestion')
      .query<{ message_id: string; body: string }>(`SELECT message_id, body FROM campaign_recipients WHERE campaign_id = $1`, [created.id]);
    expect(bodies.filter((row) => row.body === '').map((row) => row.message_id)).toEqual([b]);
    expect(bodies).toHaveLength(6);
  });

  it('answers 402 with the shortfall when the balance does not cover the estimate, and stays a draft with nothing sent', async () => {
    const tenant = await platform.customer({ label: 'short', credit: 12 });
    const created = await draft(tenant, 4);
    const problem = expectProblem(await tenant.app.post(`/v1/campaigns/${created.id}/start`), 402, 'insufficient_funds');
    expect(problem).toMatchObject({ shortfall: 4 * UNIT - 12 });
    expect(await view(tenant, created.id)).toMatchObject({ status: 'draft', reserved: 0 });
    expect(await balance(tenant)).toMatchObject({ reserved: 0, available: 12 });
    expect(chunksOf(created.id)).toEqual([]);
    expectProblem(await tenant.app.post(`/v1/campaigns/${created.id}/resume`), 409, 'invalid_campaign_transition');
  });
});

describe('pausing, resuming and canceling', () => {
  it('stops handing out within a second of a pause, continues on resume, and sends every recipient once', async () => {
    const tenant = await platform.customer({ label: 'pause', credit: 100_000 });
    const created = await draft(tenant, 60, { ratePerSecond: '20' });
    (await tenant.app.post(`/v1/campaigns/${created.id}/start`)).expectStatus(200);
    await until(() => chunksOf(created.id).length >= 1, { what: 'a first chunk' });
    expect((await tenant.app.post(`/v1/campaigns/${created.id}/pause`)).expectStatus(200).status).toBe('paused');
    const state = (await platform.db('ingestion').one<{ out: number; due: Date }>(
      `SELECT next_position - 1 AS out, next_send_at AS due FROM campaigns WHERE id = $1`,
      [created.id],
    ))!;
    const handedOut = state.out;
    expect(handedOut).toBeLessThan(60);
    // Once its next paced chunk was due, another campaign goes out: the runner came round, and handed nothing more of this one.
    const due = state.due;
    await until(() => Date.now() > due.getTime(), { what: 'the paused chunk to fall due' });
    const marker = await draft(tenant, 1);
    (await tenant.app.post(`/v1/campaigns/${marker.id}/start`)).expectStatus(200);
    await until(() => chunksOf(marker.id).length === 1, { what: 'the marker campaign to go out' });
    expect(recipientsOf(created.id)).toHaveLength(handedOut);

    expect((await tenant.app.post(`/v1/campaigns/${created.id}/resume`)).expectStatus(200).status).toBe('running');
    await until(() => recipientsOf(created.id).length === 60, { what: 'every recipient after the resume', deadline: 15_000 });
    const numbers = recipientsOf(created.id).map((recipient) => recipient.to);
    expect(new Set(numbers).size).toBe(60);
  });

  it('rolls back a chunk made while a pause commits: none of it goes out, and the resume sends it once', async () => {
    const tenant = await platform.customer({ label: 'pause-race', credit: 100_000 });
    const created = await draft(tenant, 60, { ratePerSecond: '10' });
    (await tenant.app.post(`/v1/campaigns/${created.id}/start`)).expectStatus(200);
    const ingestion = platform.db('ingestion');
    // Read where it commits (not where the bus brings it, later on a loaded machine), so chunks are left to race the pause.
    await until(
      async () => (await ingestion.one<{ out: number }>(`SELECT next_position - 1 AS out FROM campaigns WHERE id = $1`, [created.id]))!.out > 0,
      { what: 'a first chunk committed' },
    );
    // A pause that commits while the next chunk is being made: the chunk reaches the campaign row and waits on it.
    const { out, chunkPid } = await ingestion.transaction(async (client) => {
      const { rows } = await client.query<{ out: number }>(`SELECT next_position - 1 AS out FROM campaigns WHERE id = $1 FOR NO KEY UPDATE`, [created.id]);
      const blocked = await until(
        async () =>
          (await client.query<{ pid: number }>(
            `SELECT pid FROM pg_stat_activity WHERE pg_backend_pid() = ANY(pg_blocking_pids(pid))`,
          )).rows[0],
        { what: 'the next chunk to wait on the campaign row' },
      );
      const { rows: paused } = await client.query<{ version: string }>(
        `UPDATE campaigns SET status = 'paused', version = version + 1, updated_at = now() WHERE id = $1 RETURNING version`,
        [created.id],
      );
      await client.query(`INSERT INTO campaign_status_history (campaign_id, version, status, at) VALUES ($1, $2, 'paused', now())`, [created.id, paused[0].version]);
      return { out: rows[0].out, chunkPid: blocked.pid };
    });
    // Its chunk lock released: the chunk's transaction has ended, one way or the other.
    await until(
      async () => (await ingestion.one<{ held: number }>(`SELECT count(*)::int AS held FROM pg_locks WHERE pid = $1 AND locktype = 'advisory'`, [chunkPid]))!.held === 0,
      { what: 'the chunk to end' },
    );
    expect(await ingestion.one(`SELECT next_position - 1 AS out, status FROM campaigns WHERE id = $1`, [created.id])).toEqual({ out, status: 'paused' });
    expect(await ingestion.one(`SELECT count(*)::int AS messages FROM messages WHERE campaign_id = $1`, [created.id])).toEqual({ messages: out });
    // The chunks committed before the pause reach the bus (their outbox rows were written with them); the rolled-back one has none.
    await until(() => recipientsOf(created.id).length === out, { what: `the ${out} recipients committed before the pause on the bus` });

    expect((await tenant.app.post(`/v1/campaigns/${created.id}/resume`)).expectStatus(200).status).toBe('running');
    await until(() => recipientsOf(created.id).length === 60, { what: 'every recipient after the resume', deadline: 15_000 });
    expect(new Set(recipientsOf(created.id).map((recipient) => recipient.to)).size).toBe(60);
  });

  it('cancels: nothing more goes out, and what the messages out did not spend is released', async () => {
    const tenant = await platform.customer({ label: 'cancel', credit: 100_000 });
    const created = await draft(tenant, 100, { ratePerSecond: '10' });
    (await tenant.app.post(`/v1/campaigns/${created.id}/start`)).expectStatus(200);
    await until(() => chunksOf(created.id).length >= 1, { what: 'a first chunk' });
    const canceled = (await tenant.app.post(`/v1/campaigns/${created.id}/cancel`)).expectStatus(200);
    expect(canceled.status).toBe('canceled');
    const state = (await platform.db('ingestion').one<{ out: number }>(`SELECT next_position - 1 AS out FROM campaigns WHERE id = $1`, [created.id]))!;
    expect(state.out).toBeLessThan(100);
    const out = await until(() => (recipientsOf(created.id).length === state.out ? recipientsOf(created.id) : undefined), { what: 'the chunks out before the cancel' });
    for (const recipient of out) await report(tenant, recipient.messageId, 'sent');
    const settled = await reaches(tenant, created.id, (campaign) => campaign.reserved === 0, 'the cancel to settle');
    expect(settled).toMatchObject({ status: 'canceled', spent: out.length * UNIT });
    expect(recipientsOf(created.id)).toHaveLength(out.length);
    expect(await balance(tenant)).toMatchObject({ balance: 100_000 - out.length * UNIT, reserved: 0 });
    expectProblem(await tenant.app.post(`/v1/campaigns/${created.id}/resume`), 409, 'invalid_campaign_transition');
  });
});

describe('an ingestion restart mid-campaign', () => {
  it('resumes where the last commit left off: every recipient handed out exactly once', async () => {
    const tenant = await platform.customer({ label: 'restart', credit: 100_000 });
    const count = 3_000;
    const created = await draft(tenant, count, { ratePerSecond: '1000' });
    (await tenant.app.post(`/v1/campaigns/${created.id}/start`)).expectStatus(200);
    await until(() => chunksOf(created.id).length >= 1, { what: 'a first chunk' });
    await platform.instance('ingestion').restart('kill');
    expect(recipientsOf(created.id).length).toBeLessThan(count);
    await until(() => recipientsOf(created.id).length >= count, { what: 'every recipient after the restart', deadline: 30_000 });
    const recipients = recipientsOf(created.id);
    expect(recipients).toHaveLength(count);
    expect(new Set(recipients.map((recipient) => recipient.messageId)).size).toBe(count);
    expect(new Set(recipients.map((recipient) => recipient.to)).size).toBe(count);
    const stored = await platform.db('ingestion').one<{ messages: number }>(`SELECT count(*)::int AS messages FROM messages WHERE campaign_id = $1`, [created.id]);
    expect(stored).toEqual({ messages: count });
  });
});

describe('progress over Server-Sent Events', () => {
  it('streams progress from the first (at once) to the end, with each status, and resumes after Last-Event-ID', async () => {
    const tenant = await platform.customer({ label: 'watcher', credit: 10_000 });
    const created = await draft(tenant, 3);
    const stream = await new CampaignWatcher().open(tenant.app, created.id);
    const second = await new CampaignWatcher().open(tenant.app, created.id);
    try {
      expect(stream.status).toBe(200);
      expect(stream.contentType).toMatch(/^text\/event-stream/);
      const first = await until(() => stream.events[0], { what: 'the first progress event' });
      expect(first).toMatchObject({ event: 'progress', data: { id: created.id, status: 'draft' } });

      (await tenant.app.post(`/v1/campaigns/${created.id}/start`)).expectStatus(200);
      await until(() => stream.events.some((event) => event.event === 'status' && (event.data as { status: string }).status === 'running'), {
        what: 'the running status',
      });
      const recipients = await until(() => (recipientsOf(created.id).length === 3 ? recipientsOf(created.id) : undefined), { what: 'the recipients' });
      for (const recipient of recipients) await report(tenant, recipient.messageId, 'sent');
      for (const recipient of recipients) await report(tenant, recipient.messageId, 'delivered');
      await until(() => stream.events.some((event) => event.event === 'end'), { what: 'the end event', deadline: 15_000 });
      await stream.closed;

      const kinds = stream.events.map((event) => event.event);
      expect(kinds[0]).toBe('progress');
      expect(kinds.at(-1)).toBe('end');
      const statuses = stream.events.filter((event) => event.event === 'status').map((event) => (event.data as { status: string }).status);
      expect(statuses).toEqual(['running', 'completed']);
      const last = stream.events.filter((event) => event.event === 'progress').at(-1)!.data as Campaign;
      expect(last.counters).toMatchObject({ delivered: 3, queued: 0 });
      const ids = stream.events.map((event) => Number(event.id));
      expect([...ids].sort((a, b) => a - b)).toEqual(ids);
      await until(() => second.events.some((event) => event.event === 'end'), { what: 'the second watcher to end too' });

      const resumed = await new CampaignWatcher().open(tenant.app, created.id, first.id);
      await resumed.closed;
      expect(resumed.events.filter((event) => event.event === 'status').map((event) => (event.data as { status: string }).status)).toEqual(['running', 'completed']);
      expect(resumed.events.at(-1)).toMatchObject({ event: 'end', data: { status: 'completed' } });
      expect(resumed.events.every((event) => Number(event.id) > Number(first.id))).toBe(true);
    } finally {
      stream.close();
      second.close();
    }
  });
});

describe('the campaign CLI', () => {
  it('uploads a file, starts it and follows its progress bar to the end', async () => {
    const tenant = await platform.customer({ label: 'cli', credit: 10_000 });
    const dir = mkdtempSync(join(tmpdir(), 'zagel-campaign-cli-'));
    const path = join(dir, 'recipients.csv');
    writeFileSync(path, fileOf(3, 500));
    const cli = spawn(
      process.execPath,
      typescriptChildArgs(join(__dirname, '..', '..', '..', 'tools', 'campaign', 'main.ts'), path, '--api', tenant.app.baseUrl, '--name', 'From the CLI'),
      { env: { ...process.env, ZAGEL_API_KEY: tenant.apiKey }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    cli.stdout.on('data', (data: Buffer) => (output += data.toString()));
    cli.stderr.on('data', (data: Buffer) => (output += data.toString()));
    const exited = once(cli, 'exit');
    try {
      const id = await until(() => /campaign ([0-9a-f-]{36}) \(From the CLI\): running/.exec(output)?.[1], { what: 'the CLI to upload and start', deadline: 60_000 });
      const recipients = await until(() => (recipientsOf(id).length === 3 ? recipientsOf(id) : undefined), { what: 'the recipients' });
      for (const recipient of recipients) await report(tenant, recipient.messageId, 'delivered');
      const [code] = (await exited) as [number];
      expect(output).toContain('rows 3: accepted 3, rejected 0, duplicates 0, opted out 0');
      expect(output).toContain(`estimate: 3 messages, 3 segments, ${3 * UNIT} USD`);
      expect(output).toMatch(/\[#{30}\] 100%\s+3\/3\s+completed/);
      expect(output).toContain(`campaign ${id} completed: spent ${3 * UNIT} USD`);
      expect(code).toBe(0);
    } finally {
      cli.kill();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 90_000);
});

describe('a scheduled campaign', () => {
  it('is scheduled when started before its scheduleAt, and runs once it is due', async () => {
    const tenant = await platform.customer({ label: 'scheduled', credit: 10_000 });
    const at = new Date(Date.now() + 8_000);
    const created = await draft(tenant, 2, { scheduleAt: at.toISOString() });
    const started = (await tenant.app.post(`/v1/campaigns/${created.id}/start`)).expectStatus(200);
    expect(started).toMatchObject({ status: 'scheduled', reserved: 2 * UNIT, scheduleAt: at.toISOString() });
    expect(chunksOf(created.id)).toEqual([]);
    await until(() => recipientsOf(created.id).length === 2, { what: 'the scheduled campaign to go out' });
    const running = await view(tenant, created.id);
    expect(running.status).toBe('running');
    expect(Date.parse(running.startedAt!)).toBeGreaterThanOrEqual(at.getTime());
  });
});

describe('a campaign with a send window', () => {
  /** A London hour shifted by `hours`, as HH:00. */
  const londonHour = (hours: number) => {
    const hour = Number(new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', hour: 'numeric', hourCycle: 'h23' }).format(new Date()));
    return `${String((hour + hours + 24) % 24).padStart(2, '0')}:00`;
  };

  it('sends only to countries whose local hours are in the window now, and waits for the others to open', async () => {
    const tenant = await platform.customer({ label: 'windowed', credit: 10_000 });
    const british = ['+447400123456', '+447400123457', '+447400123458'];
    const japanese = ['+819012345678', '+819012345679'];
    const file = ['phone,message', `${japanese[0]},Hi`, `${british[0]},Hi`, `${british[1]},Hi`, `${japanese[1]},Hi`, `${british[2]},Hi`].join('\n');
    // Open in London now; Tokyo is 8 or 9 hours ahead, so outside it.
    const sendWindow = { from: londonHour(-1), to: londonHour(2) };
    const created = (await uploadCampaign(tenant, file, { sendWindow: JSON.stringify(sendWindow), ratePerSecond: '2' })).expectStatus(201);
    (await tenant.app.post(`/v1/campaigns/${created.id}/start`)).expectStatus(200);

    const sent = await until(() => (recipientsOf(created.id).length === 3 ? recipientsOf(created.id) : undefined), { what: 'the British recipients handed out' });
    expect(sent.map((recipient) => recipient.to).sort()).toEqual(british);
    const waiting = await until(
      async () => {
        const row = await platform.db('ingestion').one<{ due: Date; out: number; cursors: Record<string, number> }>(
          `SELECT next_send_at AS due, next_position - 1 AS out, window_cursors AS cursors FROM campaigns WHERE id = $1`,
          [created.id],
        );
        return row && row.due.getTime() > Date.now() + 60_000 ? row : undefined;
      },
      { what: 'the campaign to wait for Tokyo to open' },
    );
    expect(waiting.out).toBe(3);
    expect(waiting.cursors).toEqual({ GB: 6 });
    // The next opening is 'from' in Tokyo, within a day.
    const tokyo = new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Tokyo', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(waiting.due);
    expect(tokyo).toBe(sendWindow.from);
    expect(waiting.due.getTime() - Date.now()).toBeLessThan(86_400_000);
    expect((await view(tenant, created.id)).status).toBe('running');
    expect(recipientsOf(created.id)).toHaveLength(3);
  });
});

