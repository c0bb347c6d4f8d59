import { PartReceipts } from './part-receipts';

describe('PartReceipts', () => {
  it('reports a concatenated message delivered once every part is', () => {
    const parts = new PartReceipts();
    parts.track(['p1', 'p2', 'p3']);
    expect(parts.combine({ providerMessageId: 'p2', status: 'delivered' })).toBeUndefined();
    expect(parts.combine({ providerMessageId: 'p1', status: 'sent' })).toBeUndefined();
    expect(parts.combine({ providerMessageId: 'p1', status: 'delivered' })).toBeUndefined();
    expect(parts.combine({ providerMessageId: 'p3', status: 'delivered' })).toEqual({ providerMessageId: 'p1', status: 'delivered' });
  });

  it('reports the first failed part at once, under the first part id, and forgets the group', () => {
    const parts = new PartReceipts();
    parts.track(['p1', 'p2']);
    expect(parts.combine({ providerMessageId: 'p2', status: 'undelivered', errorCode: '001' })).toEqual({
      providerMessageId: 'p1',
      status: 'undelivered',
      errorCode: '001',
    });
    expect(parts.combine({ providerMessageId: 'p1', status: 'delivered' })).toEqual({ providerMessageId: 'p1', status: 'delivered' });
  });

  it('passes single-part and unknown receipts through', () => {
    const parts = new PartReceipts();
    parts.track(['only']);
    expect(parts.combine({ providerMessageId: 'only', status: 'delivered' })).toEqual({ providerMessageId: 'only', status: 'delivered' });
  });
});
