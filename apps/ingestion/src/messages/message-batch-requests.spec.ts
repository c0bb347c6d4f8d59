import { BulkMessage, messageBatches } from './message-batch-requests';

const message = (index: number, extra: Partial<BulkMessage> = {}): BulkMessage => ({
  id: `00000000-0000-7000-8000-${String(index).padStart(12, '0')}`,
  organizationId: '00000000-0000-7000-8000-00000000000a',
  to: `+1415555${String(index).padStart(4, '0')}`,
  body: `text ${index}`,
  type: 'promotional',
  routePreference: 'providers',
  ...extra,
});

describe('messageBatches', () => {
  it('cuts a run of alike messages into batches of at most 500, in order', () => {
    const batches = messageBatches(Array.from({ length: 1_201 }, (_, index) => message(index)));
    expect(batches.map((batch) => batch.recipients.length)).toEqual([500, 500, 201]);
    expect(batches[1].recipients[0]).toEqual({ messageId: message(500).id, to: message(500).to, body: 'text 500' });
    expect(new Set(batches.map((batch) => batch.batchId)).size).toBe(3);
    expect(batches[0]).toEqual(expect.objectContaining({ organizationId: message(0).organizationId, messageType: 'promotional', route: 'providers' }));
    expect(batches[0]).not.toHaveProperty('expiresAt');
  });

  it("passes each recipient's country on when it is known", () => {
    const [batch] = messageBatches([message(1, { country: 'US' }), message(2), message(3, { country: 'ZZZ' })]);
    expect(batch.recipients.map((recipient) => recipient.country)).toEqual(['US', undefined, undefined]);
  });

  it('never mixes what a batch says once: type, route, expiry, campaign', () => {
    const expiresAt = new Date('2026-12-03T10:00:00Z');
    const batches = messageBatches([
      message(1),
      message(2, { type: 'transactional', routePreference: 'auto' }),
      message(3, { expiresAt }),
      message(4, { campaignId: '00000000-0000-7000-8000-0000000000cc' }),
      message(5),
    ]);
    expect(batches.map((batch) => batch.recipients.map((recipient) => recipient.body))).toEqual([['text 1', 'text 5'], ['text 2'], ['text 3'], ['text 4']]);
    expect(batches[2].expiresAt).toBe(expiresAt.toISOString());
    expect(batches[3].campaignId).toBe('00000000-0000-7000-8000-0000000000cc');
  });

  it("says a template's codes once per batch and each recipient's variables on the recipient, never mixing templates", () => {
    const template = (id: string, name: string) => ({ id, version: 1, providerCodes: { kavenegar: 'order' }, variables: [{ name: 'name', value: name }] });
    const first = '00000000-0000-7000-8000-0000000000f1';
    const second = '00000000-0000-7000-8000-0000000000f2';
    const batches = messageBatches([
      message(1, { providerTemplate: template(first, 'Sara') }),
      message(2),
      message(3, { providerTemplate: template(second, 'Omid') }),
      message(4, { providerTemplate: template(first, 'Nour') }),
    ]);
    expect(batches.map((batch) => [batch.template, batch.recipients.map((recipient) => recipient.templateVariables)])).toEqual([
      [{ id: first, version: 1, providerCodes: { kavenegar: 'order' } }, [[{ name: 'name', value: 'Sara' }], [{ name: 'name', value: 'Nour' }]]],
      [undefined, [undefined]],
      [{ id: second, version: 1, providerCodes: { kavenegar: 'order' } }, [[{ name: 'name', value: 'Omid' }]]],
    ]);
  });
});
