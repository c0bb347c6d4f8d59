import { runWithCorrelation } from '../correlation-context';
import { createLogger, LoggerOptions } from './create-logger';

function capture(options: Partial<LoggerOptions> = {}) {
  const lines: string[] = [];
  const logger = createLogger({ service: 'billing', instanceId: 'billing-1', destination: { write: (line) => lines.push(line) }, ...options });
  return { logger, lines, json: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>) };
}

describe('createLogger', () => {
  it('writes JSON lines with the service, the instance and a level label', () => {
    const { logger, json } = capture();

    logger.info({ walletId: 'w-1' }, 'reserved');

    expect(json()).toEqual([
      expect.objectContaining({ level: 'info', service: 'billing', instanceId: 'billing-1', walletId: 'w-1', msg: 'reserved' }),
    ]);
    expect(json()[0].time).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it('adds the correlation ids of the work in progress', () => {
    const { logger, json } = capture();

    runWithCorrelation({ correlationId: 'c-1', tenantId: 'org-1', messageId: 'm-1', requestId: 'r-1' }, () => logger.info('inside'));
    logger.info('outside');

    expect(json()[0]).toMatchObject({ correlationId: 'c-1', tenantId: 'org-1', messageId: 'm-1' });
    expect(json()[1]).not.toHaveProperty('correlationId');
  });

  it('lets fields given to the call win over the context', () => {
    const { logger, lines: raw } = capture();

    runWithCorrelation({ correlationId: 'c-1' }, () => logger.info({ correlationId: 'explicit' }, 'x'));

    expect(raw[0].match(/"correlationId"/g)).toHaveLength(1);
    expect(JSON.parse(raw[0]).correlationId).toBe('explicit');
  });

  it('censors credentials at the top level, one object down, in headers and in child bindings', () => {
    const { logger, lines: raw } = capture({ redactPaths: ['card.number'] });

    logger.info({ password: 'p@ss-top', user: { email: 'a@b.c', password: 'p@ss-nested', apiKey: 'key-nested' } });
    logger.info({ tokens: { accessToken: 'at-1', refreshToken: 'rt-1' }, secret: 'shh' });
    logger.info({ req: { headers: { authorization: 'Bearer jwt-1', 'x-api-key': 'zk-1', cookie: 'sid=1' } } });
    logger.child({ device: { token: 'device-token-1' } }).info('bound');
    logger.info({ card: { number: '4242424242424242' } });

    const text = raw.join('');
    for (const secret of ['p@ss-top', 'p@ss-nested', 'key-nested', 'at-1', 'rt-1', 'shh', 'jwt-1', 'zk-1', 'sid=1', 'device-token-1', '4242']) {
      expect(text).not.toContain(secret);
    }
    expect(text).toContain('a@b.c');
    expect(text).toContain('[redacted]');
  });

  it('writes single readable lines in the pretty format', () => {
    const { logger, lines: raw } = capture({ format: 'pretty' });

    runWithCorrelation({ correlationId: 'c-9' }, () => logger.child({ context: 'Ledger' }).warn({ password: 'x1' }, 'unbalanced'));
    logger.info({ req: { method: 'GET', url: '/v1/messages' }, res: { statusCode: 200 }, responseTime: 4 }, 'request completed');

    expect(raw).toHaveLength(2);
    expect(raw[0]).toMatch(/WARN.*\[Ledger\] unbalanced.*"correlationId":"c-9"/);
    expect(raw[0]).not.toContain('x1');
    expect(raw[0].trimEnd().split('\n')).toHaveLength(1);
    expect(raw[1]).toContain('GET /v1/messages → 200 (4 ms)');
  });

  it('honours the level', () => {
    const { logger, lines: raw } = capture({ level: 'warn' });

    logger.info('dropped');
    logger.warn('kept');

    expect(raw).toHaveLength(1);
  });
});
