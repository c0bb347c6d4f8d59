import { ProviderError } from '../provider-adapter';

/** SMPP 3.4 command_status values this adapter names (section 5.1.3). */
export const COMMAND_STATUS = {
  ESME_ROK: 0x00,
  ESME_RINVMSGLEN: 0x01,
  ESME_RINVBNDSTS: 0x04,
  ESME_RSYSERR: 0x08,
  ESME_RINVSRCADR: 0x0a,
  ESME_RINVDSTADR: 0x0b,
  ESME_RBINDFAIL: 0x0d,
  ESME_RINVPASWD: 0x0e,
  ESME_RINVSYSID: 0x0f,
  ESME_RMSGQFUL: 0x14,
  ESME_RINVESMCLASS: 0x43,
  ESME_RSUBMITFAIL: 0x45,
  ESME_RINVSRCTON: 0x48,
  ESME_RINVSRCNPI: 0x49,
  ESME_RINVDSTTON: 0x50,
  ESME_RINVDSTNPI: 0x51,
  ESME_RTHROTTLED: 0x58,
  ESME_RX_T_APPN: 0x64,
  ESME_RX_P_APPN: 0x65,
  ESME_RX_R_APPN: 0x66,
  ESME_RINVTLVSTREAM: 0xc0,
  ESME_RTLVNOTALLWD: 0xc1,
  ESME_RMISSINGTLV: 0xc3,
  ESME_RDELIVERYFAILURE: 0xfe,
  ESME_RUNKNOWNERR: 0xff,
  ESME_RINVDCS: 0x104,
} as const;

const NAMES = new Map<number, string>(Object.entries(COMMAND_STATUS).map(([name, value]) => [value, name]));

/** Statuses that say this message, as built, will never be accepted. */
const PERMANENT = new Set<number>([
  COMMAND_STATUS.ESME_RINVMSGLEN,
  COMMAND_STATUS.ESME_RINVSRCADR,
  COMMAND_STATUS.ESME_RINVDSTADR,
  COMMAND_STATUS.ESME_RINVESMCLASS,
  COMMAND_STATUS.ESME_RINVSRCTON,
  COMMAND_STATUS.ESME_RINVSRCNPI,
  COMMAND_STATUS.ESME_RINVDSTTON,
  COMMAND_STATUS.ESME_RINVDSTNPI,
  COMMAND_STATUS.ESME_RX_P_APPN,
  COMMAND_STATUS.ESME_RX_R_APPN,
  COMMAND_STATUS.ESME_RINVTLVSTREAM,
  COMMAND_STATUS.ESME_RTLVNOTALLWD,
  COMMAND_STATUS.ESME_RMISSINGTLV,
  COMMAND_STATUS.ESME_RINVDCS,
]);

/**
 * Statuses about the recipient, as Zagel's recipient error codes. The destination TON/NPI are how this
 * account builds addresses, not the number, so they keep their own names.
 */
const RECIPIENT_STATUSES: ReadonlyMap<number, string> = new Map([[COMMAND_STATUS.ESME_RINVDSTADR, 'invalid_number']]);

export function commandStatusName(status: number): string {
  return NAMES.get(status) ?? `0x${status.toString(16).padStart(8, '0')}`;
}

/**
 * A refused submit_sm. Throttling, a full queue, system errors and vendor-specific codes are transient (the
 * SMSC may take it later, another provider may take it now); address, encoding and application rejections
 * are permanent.
 */
export function submitError(status: number): ProviderError {
  const name = commandStatusName(status);
  const message = `SMSC refused submit_sm: ${name}`;
  if (PERMANENT.has(status)) return new ProviderError('permanent', RECIPIENT_STATUSES.get(status) ?? name, message);
  const retryAfterMs = status === COMMAND_STATUS.ESME_RTHROTTLED || status === COMMAND_STATUS.ESME_RMSGQFUL ? 1000 : undefined;
  return new ProviderError('transient', name, message, retryAfterMs);
}
