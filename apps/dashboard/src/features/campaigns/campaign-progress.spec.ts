import { ApiError } from '@zagel/sdk';
import { allowedActions, Campaign, percentDone, shortfallText } from './campaign-progress';

const counters = { queued: 0, sent: 0, delivered: 0, failed: 0, undelivered: 0, canceled: 0, expired: 0 };

function campaign(status: Campaign['status'], accepted: number, done: Partial<typeof counters> = {}): Campaign {
  return {
    id: 'c',
    name: 'n',
    status,
    type: 'promotional',
    route: 'providers',
    totals: { rows: accepted, accepted, rejected: 0, duplicates: 0, optedOut: 0 },
    estimate: { messages: accepted, segments: accepted, price: 0, currency: 'USD' },
    counters: { ...counters, ...done },
    reserved: 0,
    spent: 0,
    createdAt: '',
    updatedAt: '',
  };
}

describe('campaign progress', () => {
  it('counts every recipient handed to a route, whatever its outcome, against the accepted ones', () => {
    expect(percentDone(campaign('running', 8, { sent: 1, delivered: 2, failed: 1 }))).toBe(50);
    expect(percentDone(campaign('running', 3, { delivered: 1 }))).toBe(33);
    expect(percentDone(campaign('running', 0))).toBe(0);
  });

  it('is 100 once completed, even when nothing was accepted', () => {
    expect(percentDone(campaign('completed', 0))).toBe(100);
    expect(percentDone(campaign('completed', 4, { delivered: 3 }))).toBe(100);
  });

  it('offers only the transitions the API allows from each status', () => {
    expect(allowedActions(campaign('draft', 1))).toEqual(['start', 'cancel']);
    expect(allowedActions(campaign('running', 1))).toEqual(['pause', 'cancel']);
    expect(allowedActions(campaign('paused', 1))).toEqual(['resume', 'cancel']);
    expect(allowedActions(campaign('completed', 1))).toEqual([]);
  });
});

describe('shortfallText', () => {
  it('says how much a refused start lacks, in the currency, and nothing for other errors', () => {
    const refusal = (problem: Record<string, unknown>) => new ApiError(402, problem, new Headers(), 'POST /v1/campaigns/c1/start');
    expect(shortfallText(refusal({ code: 'insufficient_funds', shortfall: 1250, available: 250, currency: 'USD' }))).toBe(
      "Your balance is $12.50 short of this campaign's estimate (available: $2.50). Add credit, then start it again.",
    );
    expect(shortfallText(refusal({ code: 'insufficient_funds' }))).toBeUndefined();
    expect(shortfallText(new ApiError(409, { code: 'invalid_campaign_transition' }, new Headers(), 'POST'))).toBeUndefined();
    expect(shortfallText(new Error('offline'))).toBeUndefined();
  });
});
