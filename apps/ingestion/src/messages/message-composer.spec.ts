import { IngestionConfig } from '../config';
import { TemplateRow, TemplatesRepository } from '../templates/templates.repository';
import { MessageComposer } from './message-composer';

const ORG = '0190a6f2-7c3e-7abc-8def-0123456789ab';
const TEMPLATE_ID = '0190a6f2-7c3e-7abc-8def-0123456789ac';
const NOW = new Date('2026-11-30T12:00:00Z');

const template: TemplateRow = {
  id: TEMPLATE_ID,
  organization_id: ORG,
  name: 'code',
  category: null,
  current_version: 3,
  usage_count: '0',
  created_at: NOW,
  updated_at: NOW,
  version: 3,
  body: 'Your code is {{code}}',
  variables: ['code'],
  provider_codes: {},
};

/** Templates as the repository would return them; only the organization's own are found. */
const templates = {
  find: (organizationId: string, id: string) => Promise.resolve(organizationId === ORG && id === TEMPLATE_ID ? template : null),
} as unknown as TemplatesRepository;

const settings = Object.assign(new IngestionConfig(), { WEBHOOKS_ALLOW_PRIVATE: false });
const composer = new MessageComposer(templates, settings);
const compose = (content: Parameters<MessageComposer['compose']>[1]) => composer.compose(ORG, content, composer.lookups(ORG), NOW);

describe('MessageComposer', () => {
  it('normalizes a national number with defaultCountry and measures the text', async () => {
    const composed = await compose({ to: '010 0123 4567', defaultCountry: 'EG', body: 'مرحبا' });
    expect(composed).toEqual({
      ok: true,
      draft: expect.objectContaining({ to: '+201001234567', country: 'EG', encoding: 'UCS-2', segments: 1, status: 'queued', type: 'transactional', routePreference: 'auto' }),
    });
  });

  it('routes promotional traffic to providers unless told otherwise', async () => {
    const composed = await compose({ to: '+14155550123', body: 'Sale', type: 'promotional' });
    expect(composed.ok && composed.draft.routePreference).toBe('providers');
    const forced = await compose({ to: '+14155550123', body: 'Sale', type: 'promotional', route: 'devices' });
    expect(forced.ok && forced.draft.routePreference).toBe('devices');
  });

  it('refuses numbers that cannot receive SMS and numbers that are not numbers', async () => {
    expect(await compose({ to: '+442079460000', body: 'x' })).toEqual(expect.objectContaining({ ok: false, code: 'cannot_receive_sms' }));
    expect(await compose({ to: 'call me', body: 'x' })).toEqual(expect.objectContaining({ ok: false, code: 'invalid_phone_number' }));
    expect(await compose({ body: 'x' })).toEqual(expect.objectContaining({ ok: false, code: 'invalid_phone_number' }));
  });

  it('renders a template and records its version; missing variables are listed', async () => {
    const composed = await compose({ to: '+14155550123', templateId: TEMPLATE_ID, variables: { code: '123456' } });
    expect(composed).toEqual({ ok: true, draft: expect.objectContaining({ body: 'Your code is 123456', templateId: TEMPLATE_ID, templateVersion: 3 }) });
    expect(await compose({ to: '+14155550123', templateId: TEMPLATE_ID })).toEqual(
      expect.objectContaining({ ok: false, code: 'missing_variables', details: { missing: ['code'] } }),
    );
  });

  it('schedules in the future only, within six days, and expiry must come after', async () => {
    const later = await compose({ to: '+14155550123', body: 'x', scheduleAt: '2026-12-01T12:00:00Z' });
    expect(later.ok && later.draft.status).toBe('scheduled');
    const past = await compose({ to: '+14155550123', body: 'x', scheduleAt: '2026-11-29T12:00:00Z' });
    expect(past.ok && past.draft.status).toBe('queued');
    expect(await compose({ to: '+14155550123', body: 'x', scheduleAt: '2026-12-08T12:00:00Z' })).toEqual(
      expect.objectContaining({ ok: false, code: 'invalid_schedule' }),
    );
    expect(await compose({ to: '+14155550123', body: 'x', scheduleAt: '2026-12-01T12:00:00Z', expiresAt: '2026-12-01T11:00:00Z' })).toEqual(
      expect.objectContaining({ ok: false, code: 'invalid_schedule' }),
    );
  });

  it('refuses a callback URL on a private address', async () => {
    expect(await compose({ to: '+14155550123', body: 'x', callbackUrl: 'http://10.0.0.1/hook' })).toEqual(
      expect.objectContaining({ ok: false, code: 'webhook_target_not_allowed' }),
    );
  });
});
