import { plainToInstance } from 'class-transformer';
import { validSample, variantsOf } from '../../test/payload-samples';
import { Contract, ContractViolation, parsePayload, parsePayloadWithClassValidator, registeredContracts, RpcContract } from '../contract';
import '../index';
import { MessageRequestedPayload } from '../messages/message-requested.event';
import { MESSAGE_STATUSES } from '../messages/message-types';
import { MessageStatusPayload } from '../messages/message-status.event';
import { MessageStatusBatchPayload } from '../messages/message-batch.events';
import { MessageStatusesPayload } from '../messages/message-statuses.event';
import { PingReply } from '../system/ping.rpc';
import { AnyClass } from './class-transformer-metadata';
import { needsTransform, payloadCheck } from './payload-validator';

type PayloadClass = new () => object;

/** Every class a contract carries: payloads, and replies of RPCs. */
function payloadClasses(): { name: string; cls: PayloadClass }[] {
  return registeredContracts().flatMap((contract: Contract) => [
    { name: contract.type, cls: contract.payload as PayloadClass },
    ...(contract.kind === 'rpc' ? [{ name: `${contract.type} reply`, cls: (contract as RpcContract).reply as PayloadClass }] : []),
  ]);
}

function classValidatorAccepts(cls: PayloadClass, plain: object): boolean {
  try {
    parsePayloadWithClassValidator('sample', cls, plain);
    return true;
  } catch (error) {
    if (error instanceof ContractViolation) return false;
    throw error;
  }
}

function schemaAccepts(cls: PayloadClass, plain: object): boolean {
  const check = payloadCheck(cls);
  if (check.kind !== 'schema') throw new Error(check.reason);
  return check.validate(check.transforms ? plainToInstance(cls, plain) : plain);
}

const UUID = '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b';
const requested = {
  messageId: UUID,
  organizationId: UUID,
  to: '+4915112345678',
  body: 'Your code is 482913',
  messageType: 'otp',
  route: 'auto',
  lane: 'live',
  origin: 'otp',
  expiresAt: '2026-12-03T07:10:00.000Z',
  priority: 0,
  excludeDeviceIds: [UUID],
};
const statusItem = { messageId: UUID, organizationId: UUID, status: 'sent', origin: 'api', route: 'device', deviceId: UUID, at: '2026-12-03T07:00:00.000Z' };

describe('bus payloads checked by compiled schemas', () => {
  const classes = payloadClasses();

  it('compiles a schema for every registered contract: none is left to class-validator', () => {
    expect(classes.length).toBeGreaterThan(100);
    const leftOver = classes.map(({ name, cls }) => ({ name, check: payloadCheck(cls) })).filter(({ check }) => check.kind !== 'schema');
    expect(leftOver).toEqual([]);
  });

  it('turns into instances only the classes whose conversion changes something (PingReply: @Type(() => Number))', () => {
    const transforming = [...new Set(classes.filter(({ cls }) => needsTransform(cls as AnyClass)).map(({ cls }) => cls.name))];
    expect(transforming).toEqual([PingReply.name]);
  });

  it('agrees with class-validator on a generated valid sample of every contract and on its variants', () => {
    const disagreements: string[] = [];
    const unsampled: string[] = [];
    let compared = 0;
    for (const { name, cls } of classes) {
      const sample = validSample(cls as AnyClass);
      if (!sample || !classValidatorAccepts(cls, sample)) {
        unsampled.push(name);
        continue;
      }
      for (const variant of [sample, ...variantsOf(sample)]) {
        compared++;
        const [old, compiled] = [classValidatorAccepts(cls, variant), schemaAccepts(cls, variant)];
        if (old !== compiled) disagreements.push(`${name}: class-validator ${old}, schema ${compiled} for ${JSON.stringify(variant)}`);
      }
    }
    process.stdout.write(`compared ${compared} payloads of ${classes.length - unsampled.length} classes; no sample for: ${unsampled.join(', ')}\n`);
    expect(disagreements.slice(0, 10)).toEqual([]);
    // The generator finds a valid sample for nearly every class; the table below covers the hot ones by hand.
    expect(unsampled.length).toBeLessThan(classes.length / 10);
    expect(compared).toBeGreaterThan(10_000);
  });

  it.each([
    ['message.requested, full', MessageRequestedPayload, requested, true],
    ['message.requested, optional fields absent', MessageRequestedPayload, { ...requested, expiresAt: undefined, priority: undefined, excludeDeviceIds: undefined }, true],
    ['message.requested, optional fields null', MessageRequestedPayload, { ...requested, expiresAt: null, priority: null }, true],
    ['message.requested, not E.164', MessageRequestedPayload, { ...requested, to: '004915112345678' }, false],
    ['message.requested, bad UUID', MessageRequestedPayload, { ...requested, messageId: 'not-a-uuid' }, false],
    ['message.requested, bad UUID in an each array', MessageRequestedPayload, { ...requested, excludeDeviceIds: [UUID, 'x'] }, false],
    ['message.requested, bad date', MessageRequestedPayload, { ...requested, expiresAt: '2026-13-03T07:10:00Z' }, false],
    ['message.requested, date without time (ISO 8601 allows it)', MessageRequestedPayload, { ...requested, expiresAt: '2026-12-03' }, true],
    ['message.requested, type not in the enum', MessageRequestedPayload, { ...requested, messageType: 'spam' }, false],
    ['message.requested, priority below its minimum', MessageRequestedPayload, { ...requested, priority: -1 }, false],
    ['message.requested, priority not an integer', MessageRequestedPayload, { ...requested, priority: 1.5 }, false],
    ['message.requested, body over 1,600', MessageRequestedPayload, { ...requested, body: 'x'.repeat(1_601) }, false],
    ['message.requested, unknown property', MessageRequestedPayload, { ...requested, extra: true }, false],
    ['message.requested, required missing', MessageRequestedPayload, { ...requested, to: undefined }, false],
    ['message.status.batch, 500 items', MessageStatusBatchPayload, { items: Array.from({ length: 500 }, () => statusItem) }, true],
    ['message.status.batch, 501 items', MessageStatusBatchPayload, { items: Array.from({ length: 501 }, () => statusItem) }, false],
    ['message.status.batch, empty', MessageStatusBatchPayload, { items: [] }, false],
    ['message.status.batch, one bad item', MessageStatusBatchPayload, { items: [statusItem, { ...statusItem, status: 'lost' }] }, false],
    ['message.status.batch, unknown property in an item', MessageStatusBatchPayload, { items: [{ ...statusItem, extra: 1 }] }, false],
    ['message.status.batch, an item that is not an object', MessageStatusBatchPayload, { items: [statusItem, 'x'] }, false],
    ['message.status.batch, items not an array', MessageStatusBatchPayload, { items: statusItem }, false],
    ['message.statuses (inherits the batch\'s items)', MessageStatusesPayload, { kind: 'outcome', origin: 'otp', items: [statusItem] }, true],
    ['message.statuses, empty', MessageStatusesPayload, { kind: 'outcome', origin: 'otp', items: [] }, false],
    ['message.statuses, one bad item', MessageStatusesPayload, { kind: 'routing', origin: 'otp', items: [{ ...statusItem, status: 'lost' }] }, false],
    ['message.statuses, kind not in the enum', MessageStatusesPayload, { kind: 'sent', origin: 'otp', items: [statusItem] }, false],
  ])('%s: both say %s', (_name, cls, plain, valid) => {
    expect(classValidatorAccepts(cls as PayloadClass, plain)).toBe(valid);
    expect(schemaAccepts(cls as PayloadClass, plain)).toBe(valid);
  });

  it('returns an instance of the class (nested classes too) equal to the payload, and lists problems as class-validator words them', () => {
    const parsed = parsePayload('message.requested', MessageRequestedPayload, requested);
    expect(parsed).toBeInstanceOf(MessageRequestedPayload);
    expect(parsed).not.toBe(requested);
    expect({ ...parsed }).toEqual(requested);
    const batch = parsePayload('message.status.batch', MessageStatusBatchPayload, { items: [statusItem, statusItem] });
    expect(batch).toBeInstanceOf(MessageStatusBatchPayload);
    expect(batch.items.every((item) => item instanceof MessageStatusPayload)).toBe(true);
    expect(batch).toEqual(parsePayloadWithClassValidator('message.status.batch', MessageStatusBatchPayload, { items: [statusItem, statusItem] }));
    const bad = { items: [statusItem, { ...statusItem, to: 'x', status: 'lost' }] };
    expect(() => parsePayload('message.status.batch', MessageStatusBatchPayload, bad)).toThrow(
      new ContractViolation('message.status.batch', [
        'items.1.to: property to should not exist',
        `items.1.status: status must be one of the following values: ${MESSAGE_STATUSES.join(', ')}`,
      ]),
    );
  });
});
