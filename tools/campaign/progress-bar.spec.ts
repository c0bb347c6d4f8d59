import { Schema } from '@zagel/sdk';
import { progressLine } from './progress-bar';

const campaign = (counters: Partial<Schema<'CampaignView'>['counters']>, extra: Partial<Schema<'CampaignView'>> = {}): Schema<'CampaignView'> => ({
  id: '0190a6f2-7c3e-7abc-8def-0123456789c0',
  name: 'December sale',
  status: 'running',
  type: 'promotional',
  route: 'providers',
  totals: { rows: 10, accepted: 8, rejected: 2, duplicates: 0, optedOut: 0 },
  estimate: { messages: 8, segments: 8, price: 40, currency: 'USD' },
  counters: { queued: 0, sent: 0, delivered: 0, failed: 0, undelivered: 0, canceled: 0, expired: 0, ...counters },
  reserved: 40,
  spent: 0,
  createdAt: '2026-12-01T09:00:00.000Z',
  updatedAt: '2026-12-01T09:00:00.000Z',
  ...extra,
});

describe('progressLine', () => {
  it('fills the bar with what was sent or reached a final status, and shows the counters, pace and ETA', () => {
    const line = progressLine(campaign({ queued: 4, sent: 1, delivered: 2, failed: 1 }, { rate: 3, etaSeconds: 2 }));
    expect(line).toContain(`[${'#'.repeat(15)}${'.'.repeat(15)}]  50%`);
    expect(line).toContain('4/8');
    expect(line).toContain('queued 4');
    expect(line).toContain('3/s');
    expect(line).toContain('ETA 2s');
  });

  it('is full when every recipient is done', () => {
    expect(progressLine(campaign({ delivered: 8 }, { status: 'completed' }))).toContain(`[${'#'.repeat(30)}] 100%`);
  });
});
