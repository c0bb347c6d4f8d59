import { openAsBlob } from 'node:fs';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { PublicApiClient, Schema } from '@zagel/sdk';
import { progressLine } from './progress-bar';

const USAGE = `npm run campaign -- FILE.csv [--key KEY] [--api http://127.0.0.1:3000] [--name NAME]
  [--template TEXT | --template-id ID [--template-version N] | --body-column message]
  [--phone-column phone] [--default-country EG] [--type promotional|transactional]
  [--route auto|devices|providers] [--rate N] [--schedule-at ISO] [--expires-at ISO]
  [--callback-url URL] [--sender-id ID] [--allow-duplicates] [--draft]

Uploads a CSV file of recipients as a campaign (streamed from disk), prints its totals and estimate,
starts it (unless --draft) and shows a progress bar until it ends. The API key comes from --key or
ZAGEL_API_KEY, the gateway from --api or ZAGEL_API_URL. Ctrl-C stops watching; the campaign goes on (POST /v1/campaigns/{id}/pause stops it).`;

type Campaign = Schema<'CampaignView'>;

const FIELDS: Record<string, string> = {
  name: 'name',
  template: 'template',
  'template-id': 'templateId',
  'template-version': 'templateVersion',
  'body-column': 'bodyColumn',
  'phone-column': 'phoneColumn',
  'default-country': 'defaultCountry',
  type: 'type',
  route: 'route',
  rate: 'ratePerSecond',
  'schedule-at': 'scheduleAt',
  'expires-at': 'expiresAt',
  'callback-url': 'callbackUrl',
  'sender-id': 'senderId',
};

const FINAL = new Set(['completed', 'canceled', 'failed']);

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      ...Object.fromEntries(Object.keys(FIELDS).map((name) => [name, { type: 'string' as const }])),
      key: { type: 'string' },
      api: { type: 'string', default: process.env.ZAGEL_API_URL ?? 'http://127.0.0.1:3000' },
      'allow-duplicates': { type: 'boolean', default: false },
      draft: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  const out = (line: string) => process.stdout.write(`${line}\n`);
  const file = positionals[0];
  const key = (values.key as string | undefined) ?? process.env.ZAGEL_API_KEY;
  if (values.help || !file || !key) {
    out(USAGE);
    return values.help ? 0 : 2;
  }
  const api = new PublicApiClient({ baseUrl: values.api as string, credential: { apiKey: key } });

  const form = new FormData();
  for (const [flag, field] of Object.entries(FIELDS)) {
    const value = (values as Record<string, unknown>)[flag];
    if (typeof value === 'string') form.append(field, value);
  }
  if (values['allow-duplicates']) form.append('allowDuplicates', 'true');
  form.append('start', values.draft ? 'false' : 'true');
  form.append('file', await openAsBlob(file, { type: 'text/csv' }), basename(file));

  const started = Date.now();
  const reply = await api.postForm('/v1/campaigns', form);
  if (reply.status !== 201) {
    process.stderr.write(`campaign: ${reply.status} ${String(reply.problem?.code ?? '')}: ${String(reply.problem?.detail ?? reply.text)}\n`);
    return 1;
  }
  const campaign = reply.body;
  const { totals, estimate } = campaign;
  out(`campaign ${campaign.id} (${campaign.name}): ${campaign.status}, accepted in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  out(`  rows ${totals.rows}: accepted ${totals.accepted}, rejected ${totals.rejected}, duplicates ${totals.duplicates}, opted out ${totals.optedOut}`);
  out(`  estimate: ${estimate.messages} messages, ${estimate.segments} segments, ${estimate.price} ${estimate.currency} (minor units)`);
  if (totals.rejected > 0) out(`  refused rows: GET /v1/campaigns/${campaign.id}/errors`);
  if (campaign.status === 'draft') return 0;
  return watch(api, campaign.id);
}

/** Follows the campaign's event stream (reconnecting after the last event seen) until it ends. */
async function watch(api: PublicApiClient, id: string): Promise<number> {
  const tty = process.stdout.isTTY;
  let lastEventId: string | undefined;
  let last: Campaign | undefined;
  const show = (campaign: Campaign) => {
    last = campaign;
    process.stdout.write(tty ? `\r${progressLine(campaign)}\u001b[K` : `${progressLine(campaign)}\n`);
  };
  for (let attempt = 0; attempt < 20; attempt += 1) {
    const stream = await api.events(`/v1/campaigns/${id}/events`, lastEventId ? { lastEventId } : {});
    if (stream.status !== 200) throw new Error(`the progress stream answered ${stream.status}`);
    for await (const event of stream.events) {
      lastEventId = event.id ?? lastEventId;
      if (event.event === 'progress' || event.event === 'end') show(event.data as Campaign);
      if (event.event === 'end') {
        if (tty) process.stdout.write('\n');
        process.stdout.write(`campaign ${id} ${last?.status}: spent ${last?.spent} ${last?.estimate.currency}; report: GET /v1/campaigns/${id}/report\n`);
        return last && FINAL.has(last.status) && last.status !== 'failed' ? 0 : 1;
      }
    }
  }
  throw new Error('the progress stream kept closing');
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`campaign: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
