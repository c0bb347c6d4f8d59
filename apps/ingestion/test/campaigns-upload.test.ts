import { TestCustomer, TestPlatform, expectProblem, until } from '@zagel/testing';
import { campaignForm, csvRows, uploadCampaign, usNumber } from './support/campaign-files';

const MAX_BYTES = 3 * 1024 * 1024;
/** Seeded price of a promotional segment through providers (the campaign default route). */
const PROMOTIONAL_UNIT = 5;

const platform = new TestPlatform({
  services: ['auth', 'billing', 'ingestion', 'api-gateway'],
  settings: { CAMPAIGN_MAX_BYTES: String(MAX_BYTES) },
});
let tenant: TestCustomer;

beforeAll(async () => {
  await platform.start();
  tenant = await platform.customer({ label: 'campaigns' });
}, 120_000);

afterAll(() => platform.stop(), 60_000);

const ingestion = () => platform.db('ingestion');
const staged = async () =>
  (await ingestion().one<{ uploads: number; rows: number }>(
    `SELECT (SELECT count(*) FROM campaign_uploads)::int AS uploads, (SELECT count(*) FROM campaign_upload_rows)::int AS rows`,
  ))!;

async function download(as: TestCustomer, id: string, report: 'errors' | 'report') {
  const reply = await as.app.request('GET', `/v1/campaigns/${id}/${report}`);
  expect(reply.status).toBe(200);
  expect(reply.headers.get('content-type')).toMatch(/^text\/csv/);
  return csvRows(reply.text);
}

describe('uploading a file of prebuilt messages', () => {
  it('keeps valid rows in E.164, drops duplicates and opted-out numbers, refuses bad rows with their line, and estimates the cost', async () => {
    await tenant.app.post('/v1/opt-outs', { phoneNumber: usNumber(4) });
    const file =
      '\uFEFFphone,message,name\r\n' +
      `${usNumber(1)},"Hello, friend",Nour\r\n` + // 2 kept
      `${usNumber(2)},Second,Omar\r\n` + // 3 kept
      `${usNumber(1)},Again,Nour\r\n` + // 4 duplicate
      `not a number,Hi,X\r\n` + // 5 invalid
      `${usNumber(3)},,Y\r\n` + // 6 empty body
      `${usNumber(4)},Opted,Z\r\n` + // 7 opted out
      `+442079460000,Landline,L\r\n` + // 8 cannot receive SMS
      `${usNumber(5)},too,many,fields\r\n` + // 9 malformed
      '\r\n' + // 10 blank: skipped
      `${usNumber(6)},"multi\r\nline",M\r\n` + // 11 kept (two lines)
      `${usNumber(7)},${'long text '.repeat(200)},Q\r\n`; // 13 too long
    const reply = await uploadCampaign(tenant, file, { name: 'December sale' });
    const campaign = reply.expectStatus(201);
    expect(campaign).toMatchObject({
      name: 'December sale',
      status: 'draft',
      type: 'promotional',
      route: 'providers',
      totals: { rows: 10, accepted: 3, rejected: 5, duplicates: 1, optedOut: 1 },
      estimate: { messages: 3, segments: 3, price: 3 * PROMOTIONAL_UNIT },
      counters: { queued: 0, sent: 0, delivered: 0, failed: 0, undelivered: 0, canceled: 0, expired: 0 },
      reserved: 0,
      spent: 0,
    });
    expect(campaign.preview).toEqual([
      { line: 2, to: usNumber(1), body: 'Hello, friend', segments: 1 },
      { line: 3, to: usNumber(2), body: 'Second', segments: 1 },
      { line: 11, to: usNumber(6), body: 'multi\nline', segments: 1 },
    ]);

    const errors = await download(tenant, campaign.id, 'errors');
    expect(errors[0]).toEqual(['line', 'phone', 'code', 'reason']);
    expect(errors.slice(1).map(([line, phone, code]) => [line, phone, code])).toEqual([
      ['5', 'not a number', 'invalid_phone_number'],
      ['6', usNumber(3), 'empty_body'],
      ['8', '+442079460000', 'cannot_receive_sms'],
      ['9', usNumber(5), 'malformed_line'],
      ['13', usNumber(7), 'body_too_long'],
    ]);
    // The staged rows are deleted after the answer.
    await until(async () => (await staged()).uploads === 0 && (await staged()).rows === 0, { what: 'the staged rows deleted' });
  });

  it('reads a large file in several chunks, with every line number right across the cuts', async () => {
    const rows = 60_000;
    const bad = new Set([17, 29_999, 45_678]);
    let file = 'phone;message\n';
    for (let index = 0; index < rows; index += 1) file += bad.has(index) ? `12;broken\n` : `${usNumber(index)};Message ${index}\n`;
    expect(file.length).toBeGreaterThan(1_100_000);
    // Its own organization: the first test's opt-out is not in this one's list.
    const sender = await platform.customer({ label: 'bulk' });
    const campaign = (await uploadCampaign(sender, file)).expectStatus(201);
    expect(campaign.totals).toEqual({ rows, accepted: rows - bad.size, rejected: bad.size, duplicates: 0, optedOut: 0 });
    const errors = await download(sender, campaign.id, 'errors');
    expect(errors.slice(1).map((row) => Number(row[0]))).toEqual([...bad].map((index) => index + 2));
  });
});

describe('uploading a file with a template', () => {
  it('fills placeholders from the columns of the same name, with national numbers read in defaultCountry', async () => {
    const file = 'number;name;code\n01001234567;Nour;A1\n01001234568;;B2\n01001234569;' + 'x'.repeat(1_700) + ';C3\n';
    const reply = await uploadCampaign(tenant, file, {
      phoneColumn: 'number',
      defaultCountry: 'EG',
      template: 'Hi {{name}}, your code is {{ code }}',
      type: 'transactional',
      allowDuplicates: 'true',
    });
    const campaign = reply.expectStatus(201);
    expect(campaign).toMatchObject({ type: 'transactional', route: 'auto', totals: { rows: 3, accepted: 1, rejected: 2 } });
    expect(campaign.preview).toEqual([{ line: 2, to: '+201001234567', body: 'Hi Nour, your code is A1', segments: 1 }]);
    const errors = await download(tenant, campaign.id, 'errors');
    expect(errors.slice(1).map(([line, , code]) => [line, code])).toEqual([
      ['3', 'missing_variables'],
      ['4', 'body_too_long'],
    ]);
  });
});

describe('a whole-file fault', () => {
  const faults: [string, string | Uint8Array, Record<string, string>, number, string][] = [
    ['not text', new Uint8Array([0x70, 0x68, 0x6f, 0x6e, 0x65, 0x0a, 0xff, 0xfe, 0x00, 0x0a]), {}, 400, 'not_csv'],
    ['no header row', `${usNumber(1)},Hello\n${usNumber(2)},Again\n`, {}, 400, 'no_header'],
    ['no phone column', 'mobile,message\n+14155550123,Hi\n', {}, 400, 'no_phone_column'],
    ['a template placeholder no column supplies', 'phone,name\n+14155550123,Nour\n', { template: 'Hi {{name}}, {{coupon}}' }, 400, 'unknown_template_variables'],
    ['no valid row', 'phone,message\nnope,Hi\n+14155550123,\n', {}, 400, 'no_valid_rows'],
    ['an empty file', '', {}, 400, 'no_header'],
  ];

  // An accepted upload's staged rows are deleted after its answer: let an earlier test's go first, so "nothing staged" is this upload's doing.
  beforeEach(() => until(async () => JSON.stringify(await staged()) === JSON.stringify({ uploads: 0, rows: 0 }), { what: 'earlier uploads cleaned up' }));

  it.each(faults)('(%s) is refused with its code and creates nothing', async (_what, file, fields, status, code) => {
    const before = (await tenant.app.get('/v1/campaigns')).expectStatus(200).items.length;
    expectProblem(await uploadCampaign(tenant, file, fields), status, code);
    expect((await tenant.app.get('/v1/campaigns')).expectStatus(200).items).toHaveLength(before);
    expect(await staged()).toEqual({ uploads: 0, rows: 0 });
  });

  it('(a file over CAMPAIGN_MAX_BYTES) is refused with 413 after the limit, and creates nothing', async () => {
    let file = 'phone,message\n';
    for (let index = 0; file.length <= MAX_BYTES; index += 1) file += `${usNumber(index)},A message long enough to fill the file quickly ${index}\n`;
    const before = (await tenant.app.get('/v1/campaigns')).expectStatus(200).items.length;
    expectProblem(await uploadCampaign(tenant, file), 413, 'file_too_large');
    expect((await tenant.app.get('/v1/campaigns')).expectStatus(200).items).toHaveLength(before);
    expect(await staged()).toEqual({ uploads: 0, rows: 0 });
    expect(await ingestion().one(`SELECT count(*)::int AS n FROM campaign_errors WHERE campaign_id NOT IN (SELECT id FROM campaigns)`)).toEqual({ n: 0 });
  });
});

describe('tenancy', () => {
  it('hides a campaign and its reports from another organization, which cannot act on it either', async () => {
    const campaign = (await uploadCampaign(tenant, `phone,message\n${usNumber(1)},Hi\n`)).expectStatus(201);
    const other = await platform.customer({ label: 'other' });
    expectProblem(await other.app.get(`/v1/campaigns/${campaign.id}`), 404, 'campaign_not_found');
    for (const action of ['start', 'pause', 'resume', 'cancel'] as const) {
      expectProblem(await other.app.post(`/v1/campaigns/${campaign.id}/${action}`), 404, 'campaign_not_found');
    }
    for (const report of ['errors', 'report', 'events']) {
      expectProblem(await other.app.request('GET', `/v1/campaigns/${campaign.id}/${report}`), 404, 'campaign_not_found');
    }
    expect((await other.app.get('/v1/campaigns')).expectStatus(200).items).toEqual([]);
    expect((await tenant.app.get(`/v1/campaigns/${campaign.id}`)).expectStatus(200).status).toBe('draft');
  });
});

describe('the list', () => {
  it('filters by status and name and pages with a cursor, newest first', async () => {
    const lister = await platform.customer({ label: 'lister' });
    const ids: string[] = [];
    for (const name of ['Alpha sale', 'Beta sale', 'Gamma news']) {
      ids.push((await uploadCampaign(lister, `phone,message\n${usNumber(1)},Hi\n`, { name })).expectStatus(201).id);
    }
    (await lister.app.post(`/v1/campaigns/${ids[0]}/cancel`)).expectStatus(200);
    const first = (await lister.app.get('/v1/campaigns?limit=2')).expectStatus(200);
    expect(first.items.map((campaign) => campaign.id)).toEqual([ids[2], ids[1]]);
    const second = (await lister.app.get(`/v1/campaigns?limit=2&cursor=${first.nextCursor}`)).expectStatus(200);
    expect(second.items.map((campaign) => campaign.id)).toEqual([ids[0]]);
    expect(second.nextCursor).toBeUndefined();
    expect((await lister.app.get('/v1/campaigns?status=draft&name=SALE')).expectStatus(200).items.map((campaign) => campaign.id)).toEqual([ids[1]]);
    expect((await lister.app.get('/v1/campaigns?status=canceled')).expectStatus(200).items.map((campaign) => campaign.name)).toEqual(['Alpha sale']);
  });

  it('refuses a send window that never opens in every time zone of a country in the file, and creates nothing', async () => {
    // Russia spans UTC+2 to UTC+12: a two-hour window is never open in all its zones at once.
    const reply = await uploadCampaign(tenant, `phone,message\n+79161234567,Hi\n`, { sendWindow: JSON.stringify({ from: '09:00', to: '11:00' }) });
    const problem = expectProblem(reply, 422, 'invalid_campaign_options');
    expect(problem.detail).toContain('RU');
    expect((await tenant.app.get('/v1/campaigns?name=never')).expectStatus(200).items).toEqual([]);
  });
});

describe('an upload retried with its Idempotency-Key', () => {
  it('answers the campaign the first one created, without a second; another file under the same key is 422', async () => {
    const sender = await platform.customer({ label: 'retrier' });
    const file = `phone,message\n${usNumber(1)},Hi\n${usNumber(2)},Hi\n`;
    const key = `upload-${Date.now()}`;
    const first = await sender.app.postForm('/v1/campaigns', campaignForm(file, { name: 'Retried' }), { idempotencyKey: key });
    const created = first.expectStatus(201);
    const again = await sender.app.postForm('/v1/campaigns', campaignForm(file, { name: 'Retried' }), { idempotencyKey: key });
    expect(again.expectStatus(201)).toEqual(created);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect((await sender.app.get('/v1/campaigns')).expectStatus(200).items.map((campaign) => campaign.id)).toEqual([created.id]);

    const otherFile = await sender.app.postForm('/v1/campaigns', campaignForm(`${file}${usNumber(3)},Hi\n`, { name: 'Retried' }), { idempotencyKey: key });
    expectProblem(otherFile, 422, 'idempotency_key_reused');
    const otherName = await sender.app.postForm('/v1/campaigns', campaignForm(file, { name: 'Other' }), { idempotencyKey: key });
    expectProblem(otherName, 422, 'idempotency_key_reused');
    expect((await sender.app.get('/v1/campaigns')).expectStatus(200).items).toHaveLength(1);
  });

  it('frees the key when the first upload was refused, so the corrected file can use it', async () => {
    const sender = await platform.customer({ label: 'corrector' });
    const key = `corrected-${Date.now()}`;
    expectProblem(await sender.app.postForm('/v1/campaigns', campaignForm('mobile,message\n+14155550123,Hi\n'), { idempotencyKey: key }), 400, 'no_phone_column');
    const fixed = await sender.app.postForm('/v1/campaigns', campaignForm(`phone,message\n${usNumber(1)},Hi\n`), { idempotencyKey: key });
    expect(fixed.expectStatus(201).totals.accepted).toBe(1);
  });
});

