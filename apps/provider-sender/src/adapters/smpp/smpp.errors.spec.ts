import { COMMAND_STATUS, submitError } from './smpp.errors';

describe('submitError', () => {
  it.each([
    [COMMAND_STATUS.ESME_RTHROTTLED, 'transient', 'ESME_RTHROTTLED'],
    [COMMAND_STATUS.ESME_RMSGQFUL, 'transient', 'ESME_RMSGQFUL'],
    [COMMAND_STATUS.ESME_RSYSERR, 'transient', 'ESME_RSYSERR'],
    [COMMAND_STATUS.ESME_RINVDSTADR, 'permanent', 'ESME_RINVDSTADR'],
    [COMMAND_STATUS.ESME_RINVDCS, 'permanent', 'ESME_RINVDCS'],
    [0x400, 'transient', '0x00000400'],
  ] as const)('0x%s is %s', (status, kind, code) => {
    expect(submitError(status)).toMatchObject({ kind, code });
  });
});
