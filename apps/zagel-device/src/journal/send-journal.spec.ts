import { appendFileSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SendEvidence, SmsBackend } from '../backends/sms-backend';
import { recoverSends } from './recover-sends';
import { SendJournal } from './send-journal';

describe('the send journal', () => {
  let dir: string;
  let path: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'zagel-journal-'));
    path = join(dir, 'journal.jsonl');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const expiresAt = new Date(Date.now() + 60_000).toISOString();

  /** A backend that only answers `evidenceOfSend`, recording what it was asked. */
  function backendWithEvidence(evidence: SendEvidence): SmsBackend & { asked: string[] } {
    const asked: string[] = [];
    return {
      name: 'test',
      asked,
      send: () => Promise.reject(new Error('recovery must never send')),
      evidenceOfSend: async (to, _body, _at, trace) => {
        asked.push(`${to}:${trace.smsPath ?? ''}`);
        return evidence;
      },
      inbox: async () => [],
      settled: async () => undefined,
      readings: async () => ({}),
    };
  }

  it('reads back what was written, in a file only its owner can read', () => {
    const journal = new SendJournal(path);
    journal.accepted('m1', '+201001234567', 'code 1234', expiresAt);
    journal.sending('m1');
    journal.traced('m1', { smsPath: '21' });
    journal.outcome('m1', 'sent');
    journal.close();

    const reread = new SendJournal(path);
    expect(reread.get('m1')).toMatchObject({ to: '+201001234567', body: 'code 1234', trace: { smsPath: '21' }, outcome: { status: 'sent' }, reported: false });
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  it('skips a last line cut short by a crash', () => {
    const journal = new SendJournal(path);
    journal.accepted('m1', '+201001234567', 'code 1234', expiresAt);
    journal.close();
    appendFileSync(path, '{"messageId":"m1","step":"sen');
    const reread = new SendJournal(path);
    expect(reread.get('m1')?.startedAt).toBeUndefined();

    // What is written after the torn line starts on a line of its own, and is read back.
    reread.sending('m1');
    reread.close();
    expect(new SendJournal(path).get('m1')?.startedAt).toEqual(expect.any(String));
  });

  describe('recovery after a crash', () => {
    function crashedJournal(): void {
      const journal = new SendJournal(path);
      journal.accepted('never-started', '+201000000001', 'a', expiresAt);
      journal.accepted('started', '+201000000002', 'b', expiresAt);
      journal.sending('started');
      journal.traced('started', { smsPath: '7' });
      journal.accepted('sent-unreported', '+201000000003', 'c', expiresAt);
      journal.sending('sent-unreported');
      journal.outcome('sent-unreported', 'sent');
      journal.accepted('done', '+201000000004', 'd', expiresAt);
      journal.sending('done');
      journal.outcome('done', 'sent');
      journal.reported('done', 'ok');
      journal.close();
    }

    it.each([
      ['sent', { status: 'sent', by: 'evidence' }],
      ['not_sent', { status: 'failed', errorCode: 'agent_restarted', by: 'evidence' }],
      ['unknown', { status: 'failed', errorCode: 'outcome_unknown', by: 'no_evidence' }],
    ] as const)('evidence %s: a started send gets that outcome, never a second send', async (evidence, expected) => {
      crashedJournal();
      const journal = new SendJournal(path);
      const backend = backendWithEvidence(evidence);

      const recovered = await recoverSends(journal, backend);

      expect(backend.asked).toEqual(['+201000000002:7']);
      expect(recovered).toEqual(
        expect.arrayContaining([
          { messageId: 'never-started', status: 'failed', errorCode: 'agent_restarted', by: 'never_started' },
          { messageId: 'started', ...expected },
          { messageId: 'sent-unreported', status: 'sent', by: 'journal' },
        ]),
      );
      expect(recovered).toHaveLength(3);
      // The decisions are journaled: a second crash before reporting decides nothing again.
      journal.close();
      const again = await recoverSends(new SendJournal(path), backendWithEvidence('unknown'));
      expect(again.map(({ messageId, status, by }) => [messageId, status, by])).toEqual(recovered.map(({ messageId, status }) => [messageId, status, 'journal']));
    });

    it('compacts to what is unreported or counts against the quota, and reads the same after', async () => {
      crashedJournal();
      const journal = new SendJournal(path);
      await recoverSends(journal, backendWithEvidence('sent'));
      const before = journal.all().map((entry) => ({ ...entry }));
      journal.compact();
      journal.close();
      expect(new SendJournal(path).all()).toEqual(before);
      expect(readFileSync(path, 'utf8').trim().split('\n').length).toBeGreaterThan(4);
    });

    it('counts sends begun within the last 24 hours for the quota', () => {
      crashedJournal();
      const journal = new SendJournal(path);
      expect(journal.sendsWithinDay()).toBe(3);
      expect(journal.sendsWithinDay(Date.now() + 24 * 60 * 60 * 1_000 + 1)).toBe(0);
    });
  });
});
