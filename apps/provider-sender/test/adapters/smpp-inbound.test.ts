import { FakeSmsc } from '@zagel/testing';
import type { DeliveryReport, InboundSms, ProviderAdapter } from '../../src/adapters/provider-adapter';
import { smppAdapterFactory } from '../../src/adapters/smpp/smpp.adapter';

const ESME_RX_T_APPN = 0x64;

describe('SMPP adapter receiving short messages from handsets (deliver_sm MO)', () => {
  let smsc: FakeSmsc;
  let adapter: ProviderAdapter;
  const inbound: InboundSms[] = [];
  const reports: DeliveryReport[] = [];
  let refuse = false;

  beforeAll(async () => {
    smsc = await FakeSmsc.start();
    adapter = smppAdapterFactory.create(
      { host: smsc.host, port: smsc.listeningPort, systemId: smsc.systemId, password: smsc.password, responseTimeoutMs: 3000, reconnectMinMs: 50 },
      {
        onReport: (report) => reports.push(report),
        onInbound: async (sms) => {
          if (refuse) throw new Error('bus down');
          inbound.push(sms);
        },
      },
    );
    // A submit waits for the bind: once it is answered, the ESME is bound and will read deliver_sm.
    await adapter.send({ messageId: '01931b6e-0000-7000-8000-00000000000a', to: '+14155550100', body: 'hi', encoding: 'GSM-7', segments: 1 });
  });

  afterAll(async () => {
    await adapter.close();
    await smsc.close();
  });

  beforeEach(() => {
    inbound.length = 0;
    reports.length = 0;
    refuse = false;
  });

  it('reads a GSM-7 short message and answers deliver_sm_resp once it is handed on', async () => {
    const statuses = await smsc.sendMobileOriginated({ source: '+14155550123', destination: '14155550199', text: 'STOP @ once' });
    expect(statuses).toEqual([0]);
    expect(inbound).toEqual([
      { providerMessageId: expect.stringMatching(/^[0-9a-f]{40}$/), from: '+14155550123', to: '+14155550199', body: 'STOP @ once', receivedAt: expect.any(String) },
    ]);
  });

  it('decodes UCS-2 (data_coding 8)', async () => {
    await smsc.sendMobileOriginated({ source: '989123456789', destination: '98100043', text: 'لغو ۱۲', dataCoding: 8 });
    expect(inbound.map((sms) => [sms.from, sms.body])).toEqual([['+989123456789', 'لغو ۱۲']]);
  });

  it('marks each part of a concatenated message (UDH) with its reference, count and index', async () => {
    await smsc.sendMobileOriginated({ source: '14155550123', destination: '14155550199', text: 'first half, second half', parts: 2, reference: 7 });
    expect(inbound.map((sms) => [sms.body, sms.part])).toEqual([
      ['first half, ', { reference: '7', total: 2, index: 1 }],
      ['second half', { reference: '7', total: 2, index: 2 }],
    ]);
  });

  it('treats a delivery receipt as a receipt, not as a message', async () => {
    await smsc.sendReceipt('ABC123', 'DELIVRD');
    expect(reports).toEqual([expect.objectContaining({ providerMessageId: 'ABC123', status: 'delivered' })]);
    expect(inbound).toEqual([]);
  });

  it('answers ESME_RX_T_APPN (the SMSC keeps it and tries again) when the message cannot be handed on', async () => {
    refuse = true;
    expect(await smsc.sendMobileOriginated({ source: '14155550123', destination: '14155550199', text: 'later' })).toEqual([ESME_RX_T_APPN]);
    refuse = false;
    expect(await smsc.sendMobileOriginated({ source: '14155550123', destination: '14155550199', text: 'later' })).toEqual([0]);
    expect(inbound.map((sms) => sms.body)).toEqual(['later']);
  });
});
