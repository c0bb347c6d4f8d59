import { ChaosReport } from './chaos-run';

function table(rows: string[][]): string {
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  return rows.map((row) => row.map((cell, column) => cell.padEnd(widths[column])).join('  ').trimEnd()).join('\n');
}

function seconds(ms: number | null): string {
  return ms === null ? 'never' : `${(ms / 1000).toFixed(2)} s`;
}

/** The run as two tables (each disruption with its recovery, then the checks) and the verdict. */
export function formatChaosReport(report: ChaosReport): string {
  const disruptions = table([
    ['disruption', 'ready after', 'work resumed after', 'campaign sending', 'note'],
    ...report.disruptions.map((d) => [d.what, seconds(d.readyMs), seconds(d.resumedMs), d.campaignSending ? 'yes' : 'no', d.note ?? '']),
  ]);
  const { sends, otp, ledger, outbox, deadLetters } = report;
  const figures = table([
    ['figure', 'value'],
    ['recipients', String(sends.recipients)],
    ['sent exactly once', String(sends.once)],
    ['duplicates', String(sends.duplicates)],
    ['missing', String(sends.missing)],
    ['still waiting', String(sends.stuck)],
    ['statuses', Object.entries(sends.statuses).map(([status, count]) => `${status} ${count}`).join(', ')],
    ['kills (SIGKILL)', String(report.disruptions.filter((d) => d.what.startsWith('SIGKILL')).length)],
    ['other disruptions', report.disruptions.filter((d) => !d.what.startsWith('SIGKILL')).map((d) => d.what).join(', ') || 'none'],
    ['OTPs started', String(otp.started)],
    ['OTPs verified', `${otp.approved} (${otp.viaProvider} by provider fallback)`],
    ['OTPs started after the chaos / by a phone', `${otp.afterChaos.started} / ${otp.afterChaos.viaPhone}`],
    ['pool phones at the end: online / available', `${report.phones.online} / ${report.phones.available}`],
    ['pool phones\' leases', Object.entries(report.phones.attempts).map(([outcome, count]) => `${outcome} ${count}`).join(', ')],
    ['OTPs cleanly failed', `${otp.failed} ${JSON.stringify(otp.notApproved)}`],
    ['OTP requests refused', String(otp.refused)],
    ['OTPs hung', String(otp.hung)],
    ['ledger transactions / unbalanced', `${ledger.transactions} / ${ledger.unbalanced}`],
    ['outbox rows > 1 min', `${outbox.olderThanMinute} (unpublished now: ${outbox.schemas.reduce((sum, schema) => sum + schema.unpublished, 0)})`],
    ['dead letters', deadLetters.total === 0 ? '0' : deadLetters.queues.map((queue) => `${queue.queue}: ${queue.messages} (${queue.samples.join(' | ')})`).join('; ')],
    ['redis', report.redis],
    ['harness event-loop delay (max / p99)', `${seconds(report.harnessDelayMs.max)} / ${seconds(report.harnessDelayMs.p99)}`],
    ['elapsed', seconds(report.elapsedMs)],
  ]);
  const verdict = report.problems.length === 0 ? 'nothing lost, nothing doubled, nothing left behind' : `PROBLEMS:\n- ${report.problems.join('\n- ')}`;
  return `${disruptions}\n\n${figures}\n\n${verdict}\n`;
}
