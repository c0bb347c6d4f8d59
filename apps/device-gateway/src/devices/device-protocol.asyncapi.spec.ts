import { Parser } from '@asyncapi/parser';
import { getMetadataStorage } from 'class-validator';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  DEVICE_NAMESPACE,
  DEVICE_TO_SERVER_MESSAGES,
  DeviceConnectError,
  DeviceEventError,
  SimOperator,
  SERVER_TO_DEVICE_MESSAGES,
} from '@zagel/contracts';

const DOCUMENT_PATH = join(__dirname, '..', '..', '..', '..', 'docs', 'device-protocol.asyncapi.yaml');

type Schema = { properties?: Record<string, Schema>; required?: string[]; enum?: string[] };

/** The fields a validation class checks, and which of them it requires. */
function fieldsOf(type: new () => object): { properties: string[]; required: string[] } {
  const metadata = getMetadataStorage().getTargetValidationMetadatas(type, '', true, false);
  const properties = [...new Set(metadata.map((entry) => entry.propertyName))].sort();
  const optional = new Set(metadata.filter((entry) => entry.type === 'conditionalValidation').map((entry) => entry.propertyName));
  return { properties, required: properties.filter((name) => !optional.has(name)) };
}

function fieldsIn(schema: Schema): { properties: string[]; required: string[] } {
  return { properties: Object.keys(schema.properties ?? {}).sort(), required: [...(schema.required ?? [])].sort() };
}

describe('docs/device-protocol.asyncapi.yaml', () => {
  const text = readFileSync(DOCUMENT_PATH, 'utf8');
  let parsed: Awaited<ReturnType<Parser['parse']>>;

  beforeAll(async () => {
    parsed = await new Parser().parse(text);
  });

  it('is a valid AsyncAPI document with no diagnostics', () => {
    expect(parsed.diagnostics.map((diagnostic) => `${diagnostic.code}: ${diagnostic.message}`)).toEqual([]);
    expect(parsed.document?.version()).toMatch(/^3\./);
  });

  it('describes the /device channel', () => {
    expect(parsed.document!.channels().all().map((channel) => channel.address())).toEqual([DEVICE_NAMESPACE]);
  });

  function messagesOf(action: 'send' | 'receive') {
    const operations = parsed.document!.operations().all().filter((operation) => operation.action() === action);
    return new Map(operations.flatMap((operation) => operation.messages().all().map((message) => [message.name() as string, { message, operation }] as const)));
  }

  it('documents exactly the events the gateway emits to phones, with their payload fields', () => {
    const sent = messagesOf('send');
    expect([...sent.keys()].sort()).toEqual(Object.keys(SERVER_TO_DEVICE_MESSAGES).sort());
    for (const [name, spec] of Object.entries(SERVER_TO_DEVICE_MESSAGES)) {
      const { message, operation } = sent.get(name)!;
      const schema = message.payload()!.json() as Schema;
      expect({ name, ...fieldsIn(schema) }).toEqual({ name, ...(spec.payload ? fieldsOf(spec.payload) : { properties: [], required: [] }) });
      const ack = 'ack' in spec ? spec.ack : undefined;
      const replies = operation.reply()?.messages().all() ?? [];
      expect({ name, acked: replies.length > 0 }).toEqual({ name, acked: ack !== undefined });
      if (ack) expect(fieldsIn(replies[0].payload()!.json() as Schema)).toEqual(fieldsOf(ack));
    }
  });

  it('documents exactly the events the gateway handles from phones, with the fields it validates', () => {
    const received = messagesOf('receive');
    expect([...received.keys()].sort()).toEqual(Object.keys(DEVICE_TO_SERVER_MESSAGES).sort());
    for (const [name, spec] of Object.entries(DEVICE_TO_SERVER_MESSAGES)) {
      const { message, operation } = received.get(name)!;
      const schema = message.payload()!.json() as Schema;
      expect({ name, ...fieldsIn(schema) }).toEqual({ name, ...fieldsOf(spec.payload) });
      const ack = operation.reply()!.messages().all()[0].payload()!.json() as Schema;
      expect(ack.properties!.error.enum!.sort()).toEqual(Object.values(DeviceEventError).sort());
    }
    const heartbeat = received.get('device:heartbeat')!.message.payload()!.json() as Schema;
    expect(fieldsIn(heartbeat.properties!.carrier)).toEqual(fieldsOf(SimOperator));
  });

  it('names every handshake refusal code', () => {
    for (const code of Object.values(DeviceConnectError)) expect(text).toContain(`\`${code}\``);
  });
});
