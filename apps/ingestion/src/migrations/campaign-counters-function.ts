const COUNTED = ['sent', 'delivered', 'failed', 'undelivered', 'canceled', 'expired'];
const WAITING = `('queued', 'scheduled', 'routing')`;

/** The statuses a campaign counts, one column each (`queued` counts the waiting ones). */
export const CAMPAIGN_COUNTED_STATUSES: readonly string[] = COUNTED;

/**
 * The trigger function that keeps each campaign's counters in step with its messages: one UPDATE
 * per campaign per statement that moved any of them, never a count. `charged` is an SQL predicate on
 * a message row, written with `{row}` for the row (`n` after the statement, `o` before it): the
 * campaign's `spent` holds the price of its messages for which it is true.
 */
export function campaignCountersFunction(charged: string): string {
  const delta = (status: string) => `sum((m.new_status = '${status}')::int) - sum((m.old_status = '${status}')::int) AS ${status}`;
  const chargedOf = (row: string) => charged.replaceAll('{row}', row);
  return `
      CREATE OR REPLACE FUNCTION campaign_counters_follow_messages() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE d record;
      BEGIN
        FOR d IN
          SELECT m.campaign_id,
                 sum((m.new_status IN ${WAITING})::int) - sum((m.old_status IN ${WAITING})::int) AS queued,
                 ${COUNTED.map(delta).join(',\n                 ')},
                 sum(CASE WHEN m.new_charged THEN m.price ELSE 0 END)
                   - sum(CASE WHEN m.old_charged THEN m.price ELSE 0 END) AS spent
            FROM (SELECT n.campaign_id, o.status AS old_status, n.status AS new_status, n.price,
                         ${chargedOf('o')} AS old_charged, ${chargedOf('n')} AS new_charged
                    FROM new_messages n JOIN old_messages o ON o.id = n.id
                   WHERE n.campaign_id IS NOT NULL AND o.status IS DISTINCT FROM n.status) m
           GROUP BY m.campaign_id
           ORDER BY m.campaign_id
        LOOP
          UPDATE campaigns
             SET queued = queued + d.queued,
                 ${COUNTED.map((status) => `${status} = ${status} + d.${status}`).join(',\n                 ')},
                 spent = spent + d.spent,
                 version = version + 1,
                 updated_at = now()
           WHERE id = d.campaign_id;
        END LOOP;
        RETURN NULL;
      END $$`;
}
