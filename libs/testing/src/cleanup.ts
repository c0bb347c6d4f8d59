import { ServiceName } from '@zagel/config';
import { deleteBusTopology } from '@zagel/messaging';
import { deleteNamespaceKeys, dropNamespaceSchemas, TestNamespace } from './test-namespace';

/** Removes everything the services of a test run left: schemas, Redis keys, exchanges and queues. */
export async function cleanupTestNamespace(
  test: TestNamespace,
  services: readonly ServiceName[],
  instanceIds: string[] = [],
): Promise<void> {
  await Promise.all([
    dropNamespaceSchemas(test),
    deleteNamespaceKeys(test),
    deleteBusTopology(
      test.settings.RABBITMQ_URL,
      test.namespace,
      services.map((service) => ({ service, instanceIds, retryDelaysMs: test.settings.BUS_RETRY_DELAYS_MS })),
    ),
  ]);
}
