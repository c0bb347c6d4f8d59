import { reportEffects, ReportedVerification, SendReport } from './send-reports';
import { VerificationSendRow } from './verification-rows';

const verification = (status: ReportedVerification['status']): ReportedVerification => ({
  id: 'v1',
  organization_id: 'org',
  status,
  to_number: '+201001234567',
  callback_url: null,
  attempts: 0,
  send_count: 1,
  metadata: null,
});

const send = (changes: Partial<VerificationSendRow> = {}): VerificationSendRow => ({
  message_id: 'm1',
  verification_id: 'v1',
  organization_id: 'org',
  sequence: 1,
  status: 'requested',
  route: 'auto',
  device_id: null,
  device_owner_id: null,
  provider: null,
  error_code: null,
  tried_device_ids: [],
  allowance_id: null,
  held_amount: null,
  price_returned: false,
  requested_at: new Date(0),
  updated_at: new Date(0),
  ...changes,
});

const report = (status: SendReport['status']): SendReport => ({ messageId: 'm1', organizationId: 'org', status, at: new Date(1) });

describe('reportEffects', () => {
  it('announces nothing for the usual reports of a pending session', () => {
    const before = send();
    expect(reportEffects(verification('pending'), [before], before, send({ status: 'sent' }), report('sent'))).toEqual({});
  });

  it('names the send that carried the code of a session approved before any send was reported sent, once', () => {
    const before = send();
    const after = send({ status: 'sent', device_id: 'd1' });
    expect(reportEffects(verification('approved'), [before], before, after, report('sent'))).toEqual({ announceVerified: after });
    const delivered = send({ status: 'delivered', device_id: 'd1' });
    expect(reportEffects(verification('approved'), [after], after, delivered, report('delivered'))).toEqual({});
  });

  it('announces a failure of a pending session once: a repeated report finds the status already held', () => {
    const before = send({ status: 'routing' });
    const failed = send({ status: 'failed' });
    expect(reportEffects(verification('pending'), [before], before, failed, report('failed'))).toEqual({ announceFailure: failed });
    expect(reportEffects(verification('pending'), [failed], failed, failed, report('failed'))).toEqual({});
    expect(reportEffects(verification('approved'), [before], before, failed, report('failed'))).toEqual({});
  });

  it('announces nothing for a failure that came after the send was sent (its status does not step back)', () => {
    const sent = send({ status: 'sent' });
    expect(reportEffects(verification('pending'), [sent], sent, sent, report('failed'))).toEqual({});
  });

  it("gives an allowance-paid send's price back only on the report that marked it returned", () => {
    const before = send({ allowance_id: 'a1', held_amount: '7' });
    const after = send({ allowance_id: 'a1', held_amount: '7', status: 'expired', price_returned: true });
    expect(reportEffects(verification('pending'), [before], before, after, report('expired')).returnPrice).toEqual({
      organizationId: 'org',
      allowanceId: 'a1',
      amount: 7,
    });
    expect(reportEffects(verification('pending'), [after], after, after, report('expired')).returnPrice).toBeUndefined();
  });
});
