import { messageContentProblem } from './message-content-check';

describe('batch item shape', () => {
  it('accepts a complete item', () => {
    expect(
      messageContentProblem({
        to: '+14155550123',
        body: 'hi',
        type: 'promotional',
        route: 'providers',
        scheduleAt: '2026-12-01T09:00:00Z',
        priority: 'low',
        format: 'flash',
        from: 'Zagel',
        clientReference: 'r',
        metadata: { a: 1 },
        defaultCountry: 'US',
        variables: { x: 1 },
        templateId: '0190a6f2-7c3e-7abc-8def-0123456789ab',
      }),
    ).toBeUndefined();
  });

  it.each([
    [{ to: 5 }, 'to must be a string'],
    [{ body: 'x'.repeat(1_601) }, 'body must be a string of at most 1,600 characters'],
    [{ type: 'spam' }, 'type must be one of otp, transactional, promotional'],
    [{ scheduleAt: 'tomorrow' }, 'scheduleAt must be an ISO 8601 date-time'],
    [{ priority: 3 }, 'priority must be one of high, normal, low'],
    [{ format: 'mms' }, 'format must be one of text, unicode, flash, binary'],
    [{ templateId: 'abc' }, 'templateId must be a UUID'],
    [{ surprise: true }, 'unknown fields: surprise'],
  ])('names the problem of %p', (item, problem) => {
    expect(messageContentProblem(item as Record<string, unknown>)).toBe(problem);
  });
});
