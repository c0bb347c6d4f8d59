import { Namespace } from './namespace';

describe('Namespace', () => {
  it('leaves names as production uses them when there is no prefix', () => {
    const none = new Namespace();
    expect([none.schema('pool-dispatcher'), none.bus('events'), none.redisKey('otp:code:1')]).toEqual([
      'pool_dispatcher',
      'zagel.events',
      'zagel:otp:code:1',
    ]);
  });

  it('prefixes schemas, bus names and Redis keys so runs sharing servers never meet', () => {
    const t42 = new Namespace('t42');
    expect([t42.schema('billing'), t42.bus('billing.commands'), t42.redisKey('otp:code:1')]).toEqual([
      't42_billing',
      't42.zagel.billing.commands',
      't42:zagel:otp:code:1',
    ]);
  });
});
