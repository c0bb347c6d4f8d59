import pino from 'pino';
import { PinoLoggerService } from './pino-logger.service';

describe('PinoLoggerService', () => {
  const lines: Record<string, unknown>[] = [];
  const service = new PinoLoggerService(pino({ level: 'trace', base: null }, { write: (line: string) => lines.push(JSON.parse(line)) }));

  beforeEach(() => lines.splice(0));

  it('maps Nest calls and their trailing context', () => {
    service.log('started', 'Bootstrap');
    service.verbose('details');
    service.warn({ msg: 'slow', ms: 12 }, 'Db');

    expect(lines).toEqual([
      expect.objectContaining({ level: 30, msg: 'started', context: 'Bootstrap' }),
      expect.objectContaining({ level: 10, msg: 'details' }),
      expect.objectContaining({ level: 40, msg: 'slow', ms: 12, context: 'Db' }),
    ]);
  });

  it('keeps the stack Nest passes to error()', () => {
    service.error('failed', 'Error: failed\n    at x (y.ts:1:1)', 'Bootstrap');
    service.error(new Error('boom'));

    expect(lines[0]).toMatchObject({ level: 50, msg: 'failed', context: 'Bootstrap', err: { stack: expect.stringContaining('y.ts') } });
    expect(lines[1]).toMatchObject({ level: 50, msg: 'boom', err: { message: 'boom' } });
  });
});
