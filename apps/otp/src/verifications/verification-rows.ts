import { VerificationRoute, VerificationSendStatus, VerificationSendView, VerificationStatus, VerificationView } from '@zagel/contracts';

/** A verification session as stored: never the code, only the text around it. */
export interface VerificationRow {
  id: string;
  organization_id: string;
  to_number: string;
  country: string;
  status: VerificationStatus;
  code_length: number;
  alphanumeric: boolean;
  locale: string;
  template_id: string | null;
  message_template: string;
  segments: number;
  attempts: number;
  max_attempts: number;
  send_count: number;
  last_sent_at: Date;
  callback_url: string | null;
  metadata: Record<string, string> | null;
  expires_at: Date;
  created_at: Date;
  updated_at: Date;
  approved_at: Date | null;
  canceled_at: Date | null;
}

export interface VerificationSendRow {
  message_id: string;
  verification_id: string;
  organization_id: string;
  sequence: number;
  status: VerificationSendStatus;
  route: VerificationRoute;
  device_id: string | null;
  device_owner_id: string | null;
  provider: string | null;
  error_code: string | null;
  tried_device_ids: string[];
  /** The prepaid allowance the price was spent from; null when it was reserved with billing. */
  allowance_id: string | null;
  held_amount: string | null;
  price_returned: boolean;
  requested_at: Date;
  updated_at: Date;
}

/** A pending session past its expiry reads as expired even before the sweeper records it. */
export function effectiveStatus(row: VerificationRow, now = new Date()): VerificationStatus {
  return row.status === 'pending' && row.expires_at.getTime() <= now.getTime() ? 'expired' : row.status;
}

function toSendView(send: VerificationSendRow): VerificationSendView {
  return {
    messageId: send.message_id,
    sequence: send.sequence,
    status: send.status,
    route: send.route,
    ...(send.device_id && { deviceId: send.device_id }),
    ...(send.provider && { provider: send.provider }),
    ...(send.error_code && { errorCode: send.error_code }),
    requestedAt: send.requested_at.toISOString(),
    updatedAt: send.updated_at.toISOString(),
  };
}

export function toVerificationView(row: VerificationRow, sends: VerificationSendRow[], now = new Date()): VerificationView {
  const ordered = [...sends].sort((a, b) => a.sequence - b.sequence);
  const last = ordered[ordered.length - 1];
  return {
    id: row.id,
    to: row.to_number,
    country: row.country,
    status: effectiveStatus(row, now),
    expiresAt: row.expires_at.toISOString(),
    sendCount: row.send_count,
    route: last?.route ?? 'auto',
    attempts: row.attempts,
    remainingAttempts: Math.max(0, row.max_attempts - row.attempts),
    locale: row.locale,
    ...(row.callback_url && { callbackUrl: row.callback_url }),
    ...(row.metadata && { metadata: row.metadata }),
    sends: ordered.map(toSendView),
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    ...(row.approved_at && { approvedAt: row.approved_at.toISOString() }),
    ...(row.canceled_at && { canceledAt: row.canceled_at.toISOString() }),
  };
}

/** The send whose phone (or provider) got the code to the user: the last one reported sent or delivered. */
export function deliveringSend<Send extends Pick<VerificationSendRow, 'status' | 'sequence'>>(sends: readonly Send[]): Send | undefined {
  const delivered = sends.filter((send) => send.status === 'sent' || send.status === 'delivered');
  return delivered.sort((a, b) => b.sequence - a.sequence)[0];
}

/** Every phone that carried or failed an earlier send: a resend asks for another one. */
export function devicesToExclude(sends: VerificationSendRow[]): string[] {
  const devices = new Set<string>();
  for (const send of sends) {
    for (const device of send.tried_device_ids) devices.add(device);
    if (send.device_id) devices.add(send.device_id);
  }
  return [...devices];
}

/** The send a new verification starts with, as the insert stored it. */
export function firstSend(
  row: VerificationRow,
  messageId: string,
  requestedAt: Date,
  hold: { allowanceId: string | null; heldAmount: number | null },
): VerificationSendRow {
  return {
    message_id: messageId,
    verification_id: row.id,
    organization_id: row.organization_id,
    sequence: 1,
    status: 'requested',
    route: 'auto',
    device_id: null,
    device_owner_id: null,
    provider: null,
    error_code: null,
    tried_device_ids: [],
    allowance_id: hold.allowanceId,
    held_amount: hold.heldAmount === null ? null : String(hold.heldAmount),
    price_returned: false,
    requested_at: requestedAt,
    updated_at: requestedAt,
  };
}
