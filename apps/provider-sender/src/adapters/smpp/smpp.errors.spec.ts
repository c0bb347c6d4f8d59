import { COMMAND_STATUS, submitError } from './smpp.errors';

describe('submitError', () => {
  it.each([
    [COMMAND_STATUS.ESME_RTHROTTLED, 'transient', 'ESME_RTHROTTLED'],
    [COMMAND_STATUS.ESME_RMSGQFUL, 'transient', 'ESME_RMSGQFUL'],
    [COMMAND_STATUS.ESME_RSYSERR, 'transient', 'ESME_RSYSERR'],
    [COMMAND_STATUS.ESME_RINVDSTADR, 'permanent', 'invalid_number'],
    [COMMAND_STATUS.ESME_RINVDSTTON, 'permanent', 'ESME_RINVDSTTON'],
    [COMMAND_STATUS.ESME_RINVDCS, 'permanent', 'ESME_RINVDCS'],
    [0x400, 'transient', '0x00000400'],
  ] as const)('0x%s is %s', (status, kind, code) => {
    expect(submitError(status)).toMatchObject({ kind, code });
  });

  it('keeps the native status name in the message of a recipient error', () => {
    expect(submitError(COMMAND_STATUS.ESME_RINVDSTADR).message).toBe('SMSC refused submit_sm: ESME_RINVDSTADR');
  });
});
