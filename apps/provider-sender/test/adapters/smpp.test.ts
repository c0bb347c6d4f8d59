import { eventually, FakeSmsc, SMPP_STATUS } from '@zagel/testing';
import type { DeliveryReport, OutboundSms, ProviderAdapter } from '../../src/adapters/provider-adapter';
import { smppAdapterFactory } from '../../src/adapters/smpp/smpp.adapter';
import type { SmppSettings } from '../../src/adapters/smpp/smpp.settings';

const sms = (overrides: Partial<OutboundSms> = {}): OutboundSms => ({
  messageId: '01931b6e-0000-7000-8000-000000000009',
  to: '+14155550100',
  body: 'Your code is 123456',
  encoding: 'GSM-7',
  segments: 1,
  ...overrides,
});

describe('SMPP adapter against a local SMSC', () => {
  let smsc: FakeSmsc;
  const adapters: ProviderAdapter[] = [];
  const reports: DeliveryReport[] = [];

  const open = (overrides: Partial<SmppSettings> = {}): ProviderAdapter => {
    const adapter = smppAdapterFactory.create(
      {
        host: smsc.host,
        port: smsc.listeningPort,
        systemId: smsc.systemId,
        password: smsc.password,
        systemType: 'ZAGEL',
        sourceAddr: 'Zagel',
        windowSize: 3,
        responseTimeoutMs: 3000,
        reconnectMinMs: 50,
        reconnectMaxMs: 400,
        enquireLinkMs: 1000,
        ...overrides,
      },
      { onReport: (report) => reports.push(report) },
    );
    adapters.push(adapter);
    return adapter;
  };

  beforeEach(async () => {
    smsc = await FakeSmsc.start();
    reports.length = 0;
  });

  afterEach(async () => {
    await Promise.all(adapters.splice(0).map((adapter) => adapter.close()));
    await smsc.close();
  });

  it('binds as a transceiver and submits GSM-7 with data_coding 0 and a receipt request', async () => {
    const adapter = open();
    const { providerMessageId } = await adapter.send(sms({ body: 'Price: 5€ {ok}' }));
    expect(smsc.binds).toEqual([{ systemId: smsc.systemId, systemType: 'ZAGEL', accepted: true }]);
    expect(smsc.submits).toEqual([
      expect.objectContaining({ messageId: providerMessageId, destination: '14155550100', source: 'Zagel', dataCoding: 0, registeredDelivery: 1, text: 'Price: 5€ {ok}', viaPayload: false }),
    ]);
  });

  it('submits UCS-2 with data_coding 8', async () => {
    const adapter = open();
    await adapter.send(sms({ body: 'رمز شما ۱۲۳۴ است', encoding: 'UCS-2' }));
    expect(smsc.submits[0]).toMatchObject({ dataCoding: 8, text: 'رمز شما ۱۲۳۴ است', esmClass: 0 });
  });

  it('sends a long message whole in message_payload by default (one id)', async () => {
    const adapter = open();
    const body = 'x'.repeat(300);
    const { providerMessageId } = await adapter.send(sms({ body, segments: 2 }));
    expect(smsc.submits).toHaveLength(1);
    expect(smsc.submits[0]).toMatchObject({ messageId: providerMessageId, viaPayload: true, text: body });
  });

  it('splits a long message into UDH parts when configured, and combines their receipts', async () => {
    const adapter = open({ longMessages: 'udh' });
    const body = 'سلام '.repeat(40);
    const { providerMessageId } = await adapter.send(sms({ body, encoding: 'UCS-2', segments: 3 }));
    expect(smsc.submits.map((submit) => submit.concat)).toEqual([
      [expect.any(Number), 3, 1],
      [expect.any(Number), 3, 2],
      [expect.any(Number), 3, 3],
    ]);
    expect(new Set(smsc.submits.map((submit) => submit.concat![0])).size).toBe(1);
    expect(smsc.submits.every((submit) => (submit.esmClass & 0x40) === 0x40 && submit.dataCoding === 8)).toBe(true);
    expect(smsc.submits.map((submit) => submit.text).join('')).toBe(body);
    expect(providerMessageId).toBe(smsc.submits[0].messageId);

    // The adapter has read each receipt by the time it answers it: two parts of three make no report.
    await smsc.sendReceipt(smsc.submits[0].messageId, 'DELIVRD');
    await smsc.sendReceipt(smsc.submits[1].messageId, 'DELIVRD');
    expect(reports).toEqual([]);
    await smsc.sendReceipt(smsc.submits[2].messageId, 'DELIVRD');
    await eventually(() => expect(reports).toEqual([expect.objectContaining({ providerMessageId, status: 'delivered' })]));
  });

  it('passes deliver_sm receipts to onReport', async () => {
    const adapter = open();
    const first = await adapter.send(sms());
    const second = await adapter.send(sms());
    await smsc.sendReceipt(first.providerMessageId, 'DELIVRD');
    await smsc.sendReceipt(second.providerMessageId, 'UNDELIV', '001');
    await eventually(() =>
      expect(reports).toEqual([
        expect.objectContaining({ providerMessageId: first.providerMessageId, status: 'delivered' }),
        expect.objectContaining({ providerMessageId: second.providerMessageId, status: 'undelivered', errorCode: '001' }),
      ]),
    );
  });

  it('maps submit_sm_resp statuses: throttled and queue full transient, invalid destination permanent', async () => {
    const adapter = open();
    smsc.failNext(1, SMPP_STATUS.ESME_RTHROTTLED);
    await expect(adapter.send(sms())).rejects.toMatchObject({ kind: 'transient', code: 'ESME_RTHROTTLED' });
    smsc.failNext(1, SMPP_STATUS.ESME_RMSGQFUL);
    await expect(adapter.send(sms())).rejects.toMatchObject({ kind: 'transient', code: 'ESME_RMSGQFUL' });
    await expect(adapter.send(sms({ to: '+12' }))).rejects.toMatchObject({ kind: 'permanent', code: 'invalid_number', message: expect.stringContaining('ESME_RINVDSTADR') });
    await expect(adapter.send(sms())).resolves.toHaveProperty('providerMessageId');
  });

  it('never has more than windowSize submit_sm unanswered', async () => {
    const adapter = open({ windowSize: 3 });
    await adapter.send(sms());
    smsc.hold();
    const sends = Array.from({ length: 10 }, (_, i) => adapter.send(sms({ messageId: `m-${i}` })));
    await eventually(() => expect(smsc.heldCount).toBe(3));
    // A fourth submit the adapter had ready would arrive before its answer to this.
    await smsc.ping();
    expect(smsc.heldCount).toBe(3);
    smsc.release();
    await Promise.all(sends);
    expect(smsc.submits).toHaveLength(11);
    expect(smsc.maxOutstanding).toBe(3);
  });

  it('keeps the link alive with enquire_link', async () => {
    open({ enquireLinkMs: 1000 });
    await eventually(() => expect(smsc.enquireLinks).toBeGreaterThanOrEqual(2), { timeoutMs: 5000 });
  });

  it('rebinds after the SMSC drops the link, then submits again', async () => {
    const adapter = open();
    await adapter.send(sms());
    smsc.dropAllLinks();
    await eventually(() => expect(smsc.binds.filter((bind) => bind.accepted)).toHaveLength(2), { timeoutMs: 5000 });
    await expect(adapter.send(sms())).resolves.toHaveProperty('providerMessageId');
    expect(smsc.submits).toHaveLength(2);
  });

  it('fails submits unanswered when the link drops as transient', async () => {
    const adapter = open();
    await adapter.send(sms());
    smsc.hold();
    const pending = adapter.send(sms());
    await eventually(() => expect(smsc.heldCount).toBe(1));
    smsc.dropAllLinks();
    await expect(pending).rejects.toMatchObject({ kind: 'transient', code: 'link_lost' });
  });

  it('reports a refused bind as transient not_bound', async () => {
    const adapter = open({ password: 'wrong', responseTimeoutMs: 500 });
    await expect(adapter.send(sms())).rejects.toMatchObject({ kind: 'transient', code: 'not_bound' });
    expect(smsc.binds[0]).toMatchObject({ accepted: false });
  });

  it('gives up on an SMSC that never answers the bind, and binds once it does', async () => {
    smsc.ignoreBinds = true;
    const adapter = open({ responseTimeoutMs: 300 });
    await expect(adapter.send(sms())).rejects.toMatchObject({ kind: 'transient', code: 'not_bound' });
    smsc.ignoreBinds = false;
    await eventually(() => expect(smsc.binds.filter((bind) => bind.accepted)).toHaveLength(1), { timeoutMs: 5000 });
    await expect(adapter.send(sms())).resolves.toHaveProperty('providerMessageId');
  });
});
