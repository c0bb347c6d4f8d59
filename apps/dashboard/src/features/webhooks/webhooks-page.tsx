import { WebhookDeliveriesTable } from './webhook-deliveries-table';
import { WebhookSettingsPanel } from './webhook-settings-panel';

/** The organization's status callbacks: where they go, how they are signed, and how each delivery went. */
export function WebhooksPage() {
  return (
    <section aria-labelledby="webhooks-title">
      <h1 id="webhooks-title">Webhooks</h1>
      <WebhookSettingsPanel />
      <WebhookDeliveriesTable />
    </section>
  );
}
