import type { SmsBackend } from '../backends/sms-backend';
import { SendJournal } from './send-journal';

/** Error codes the agent reports for a send a crash interrupted. */
export const RECOVERY_CODES = {
  /** Accepted, never handed to the backend (or the backend's records show it never left): safe to route again. */
  notSent: 'agent_restarted',
  /** Handed to the backend, and nothing shows whether it left. Never sent again by this phone. */
  unknown: 'outcome_unknown',
} as const;

export interface RecoveredSend {
  messageId: string;
  status: 'sent' | 'failed';
  errorCode?: string;
  /** How the outcome was decided. */
  by: 'journal' | 'evidence' | 'never_started' | 'no_evidence';
}

/**
 * After a restart, gives every message the journal holds without an outcome one, without ever
 * sending anything again:
 *   - never started: failed `agent_restarted` (nothing left the phone);
 *   - started: the backend's records decide (Android's sent box, ModemManager's SMS state); without
 *     evidence either way it is failed `outcome_unknown` — the platform may route it again (the
 *     recipient may then get it twice) rather than the phone claim a send it cannot show, and the
 *     phone earns nothing for it.
 * Entries that already had an outcome are only waiting to be reported. Returns what is to report.
 */
export async function recoverSends(journal: SendJournal, backend: SmsBackend): Promise<RecoveredSend[]> {
  const recovered: RecoveredSend[] = [];
  for (const entry of journal.unreported()) {
    if (entry.outcome) {
      recovered.push({ messageId: entry.messageId, status: entry.outcome.status, ...(entry.outcome.errorCode ? { errorCode: entry.outcome.errorCode } : {}), by: 'journal' });
      continue;
    }
    if (!entry.startedAt) {
      journal.outcome(entry.messageId, 'failed', RECOVERY_CODES.notSent);
      recovered.push({ messageId: entry.messageId, status: 'failed', errorCode: RECOVERY_CODES.notSent, by: 'never_started' });
      continue;
    }
    const evidence = await backend.evidenceOfSend(entry.to, entry.body, new Date(entry.startedAt), entry.trace).catch(() => 'unknown' as const);
    if (evidence === 'sent') {
      journal.outcome(entry.messageId, 'sent');
      recovered.push({ messageId: entry.messageId, status: 'sent', by: 'evidence' });
    } else {
      const errorCode = evidence === 'not_sent' ? RECOVERY_CODES.notSent : RECOVERY_CODES.unknown;
      journal.outcome(entry.messageId, 'failed', errorCode);
      recovered.push({ messageId: entry.messageId, status: 'failed', errorCode, by: evidence === 'not_sent' ? 'evidence' : 'no_evidence' });
    }
  }
  return recovered;
}
