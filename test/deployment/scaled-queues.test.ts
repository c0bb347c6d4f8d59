import { SERVICE_PORTS, ServiceName } from '@zagel/config';
import { TestPlatform } from '@zagel/testing';
import { KubernetesObject, kustomizeBuild } from './kubernetes-manifests';

/**
 * The KEDA ScaledObjects of k8s/overlays/production name queues; a queue nobody declares would
 * leave its scaler failing, and a consumed one left out would grow unseen. The consumers, started
 * for real, say which queues exist.
 */
const SCALED = kustomizeBuild('k8s/overlays/production').objects.filter((object) => object.kind === 'ScaledObject');
const CONSUMERS = SCALED.map((scaled) => scaled.spec.scaleTargetRef.name as ServiceName);
// Production sets SMTP_URL (auth binds its owner notification queue only then); nothing is emailed here.
const platform = new TestPlatform({ services: CONSUMERS, settings: { SMTP_URL: 'smtp://127.0.0.1:2525' } });

beforeAll(() => platform.start(), 120_000);
afterAll(() => platform.stop(), 60_000);

/** `<namespace>.zagel.billing.live` → `zagel.billing.live`, the name with an empty ZAGEL_NAMESPACE. */
const unprefixed = (queue: string) => queue.slice(queue.indexOf('zagel.'));

it('every queue a ScaledObject watches is declared by its service, and every shared lane queue a consumer takes from is watched', async () => {
  expect(CONSUMERS.sort()).toEqual(Object.keys(SERVICE_PORTS).filter((app) => !app.endsWith('-gateway')).sort());
  const declared = (await platform.queues()).map(unprefixed);
  for (const scaled of SCALED) {
    const app = scaled.spec.scaleTargetRef.name as string;
    const watched = (scaled.spec.triggers as KubernetesObject[]).filter((trigger) => trigger.type === 'rabbitmq').map((trigger) => trigger.metadata.queueName as string);
    expect({ app, undeclared: watched.filter((queue) => !declared.includes(queue)) }).toEqual({ app, undeclared: [] });
    // Its consumed shared queues: not per instance, retry, retried (fed by the retry queues) or dead-letter queues.
    const consumed = declared.filter(
      (queue) =>
        queue.startsWith(`zagel.${app}.`) &&
        /^zagel\.[a-z-]+\.(live|bulk|events|commands(\.(live|bulk))?|rpc(\.(live|bulk))?)$/.test(queue),
    );
    expect({ app, unwatched: consumed.filter((queue) => !watched.includes(queue)) }).toEqual({ app, unwatched: [] });
  }
});
