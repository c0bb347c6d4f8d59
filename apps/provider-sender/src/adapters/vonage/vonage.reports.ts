import { createHash } from 'node:crypto';
import jwt from 'jsonwebtoken';
import type { DeliveryReport, DeliveryReportStatus, InboundReportRequest } from '../provider-adapter';
import { reportFields, safeEqual, stringField } from '../shared/report-body';

const STATUSES: Record<string, DeliveryReportStatus> = {
  accepted: 'sent',
  buffered: 'sent',
  unknown: 'sent',
  delivered: 'delivered',
  expired: 'undelivered',
  failed: 'failed',
  rejected: 'failed',
};

/** `message-timestamp` is "YYYY-MM-DD HH:MM:SS" in UTC. */
export function vonageTimestamp(timestamp: string | undefined): string | undefined {
  if (!timestamp) return undefined;
  const parsed = Date.parse(`${timestamp.replace(' ', 'T')}Z`);
  return Number.isNaN(parsed) ? undefined : new Date(parsed).toISOString();
}

/** An SMS API delivery receipt (JSON, form or GET query): messageId, status, err-code, message-timestamp. */
export function parseVonageReport(request: InboundReportRequest): DeliveryReport[] {
  const fields = reportFields(request);
  const providerMessageId = stringField(fields, 'messageId');
  const rawStatus = stringField(fields, 'status')?.toLowerCase();
  if (!providerMessageId || !rawStatus) throw new Error('Vonage receipt without messageId or status');
  const status = STATUSES[rawStatus];
  if (!status) throw new Error(`unknown Vonage receipt status '${rawStatus}'`);
  const errorCode = stringField(fields, 'err-code');
  const at = vonageTimestamp(stringField(fields, 'message-timestamp'));
  return [{ providerMessageId, status, ...(errorCode && errorCode !== '0' ? { errorCode } : {}), ...(at ? { at } : {}) }];
}

/**
 * Vonage signed webhooks: `Authorization: Bearer <JWT>` signed HS256 with the signature secret, whose
 * `payload_hash` claim is the hex SHA-256 of the body (so a changed body fails even with a valid token).
 */
export function verifyVonageJwt(authorization: string, rawBody: string, signatureSecret: string): boolean {
  const token = authorization.replace(/^Bearer\s+/i, '');
  try {
    const claims = jwt.verify(token, signatureSecret, { algorithms: ['HS256'] });
    if (typeof claims !== 'object' || typeof claims.payload_hash !== 'string') return false;
    return safeEqual(claims.payload_hash, createHash('sha256').update(rawBody, 'utf8').digest('hex'));
  } catch {
    return false;
  }
}
