import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { ConfigError, loadConfig, Namespace, SERVICE_PORTS, ServiceName } from '@zagel/config';
import { platformQueues } from '@zagel/messaging';
import { countsByKind, KubernetesObject, kustomizeBuild, kustomizeVersion, schemaProblems } from './kubernetes-manifests';
import { settingsClassOf } from './platform-variables';

/**
 * k8s/ rendered by the real kustomize and every object checked against its schema (Kubernetes'
 * own and the operators' CRDs), then the production overlay's promises: every service probed,
 * bounded, locked down, spread, budgeted and autoscaled; the consumers scaled on the queues they
 * really consume; each service fenced by a NetworkPolicy; migrations in a Job; alerts on metrics
 * the code really exports. No cluster needed.
 */

const ROOT = join(__dirname, '..', '..');
const APPS = Object.keys(SERVICE_PORTS) as ServiceName[];
const GATEWAYS: ServiceName[] = ['api-gateway', 'device-gateway'];
const CONSUMERS = APPS.filter((app) => !GATEWAYS.includes(app));
/** Services that own a schema (and so have migrations). */
const WITH_DATABASE = APPS.filter((app) => existsSync(join(ROOT, 'apps', app, 'src', 'migrations')));
const FOLDERS = ['k8s/base', 'k8s/overlays/local', 'k8s/overlays/production'];

const named = (objects: KubernetesObject[], kind: string, name?: string) =>
  objects.filter((object) => object.kind === kind && (name === undefined || object.metadata.name === name));
const selects = (selector: Record<string, string> | undefined, labels: Record<string, string>) =>
  selector !== undefined && Object.entries(selector).every(([key, value]) => labels[key] === value);

describe.each(FOLDERS)('kustomize build %s', (folder) => {
  const build = kustomizeBuild(folder);

  it('renders with the real kustomize, without warnings', () => {
    expect(kustomizeVersion()).toMatch(/kustomize\/v\d+\.\d+\.\d+/);
    expect(build.stderr).toBe('');
    expect(build.status).toBe(0);
    expect(build.objects.length).toBeGreaterThan(APPS.length * 2);
    // The figure the operator reads: objects per kind.
    console.log(`${folder}: ${build.objects.length} objects ${JSON.stringify(countsByKind(build.objects))}`);
  });

  it('renders only objects that validate against their schemas (Kubernetes, CloudNativePG, RabbitMQ, KEDA, cert-manager, Prometheus Operator)', () => {
    expect(schemaProblems(build.objects)).toEqual([]);
  });

  it('places everything in the zagel namespace, with images named by a tag (the base leaves "zagel" to its overlays)', () => {
    const namespaced = build.objects.filter(({ kind }) => kind !== 'Namespace');
    expect(namespaced.filter(({ metadata }) => metadata.namespace !== 'zagel').map(({ kind, metadata }) => `${kind}/${metadata.name}`)).toEqual([]);
    const images = build.objects.flatMap((object) => {
      const pod = object.spec?.template?.spec ?? {};
      return [...(pod.containers ?? []), ...(pod.initContainers ?? [])].map((container: KubernetesObject) => container.image as string);
    });
    const unpinned = images.filter((image) => !/:[\w.-]+$/.test(image) || image.endsWith(':latest'));
    expect(unpinned).toEqual(folder === 'k8s/base' ? images.map(() => 'zagel') : []);
  });
});

describe('the schema check', () => {
  it('fails on what the API server would refuse: a wrong type, a missing field, an unknown CRD field, an unknown kind', () => {
    const problems = schemaProblems([
      { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'a' }, spec: { selector: {}, template: { spec: { containers: [{ name: 'c', ports: [{ containerPort: 'http' }] }] } } } },
      { apiVersion: 'keda.sh/v1alpha1', kind: 'ScaledObject', metadata: { name: 'b' }, spec: { scaleTargetRef: { name: 'x' }, triggers: [{ metadata: {} }] } },
      { apiVersion: 'rabbitmq.com/v1beta1', kind: 'RabbitmqCluster', metadata: { name: 'c' }, spec: { replica: 3 } },
      { apiVersion: 'postgresql.cnpg.io/v1', kind: 'Cluster', metadata: { name: 'd' }, spec: { instances: 'three' } },
      { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'e' } },
    ]);
    expect(problems.map(({ kind, name }) => `${kind}/${name}`)).toEqual([
      'Deployment/a',
      'ScaledObject/b',
      'RabbitmqCluster/c',
      'Cluster/d',
      'Widget/e',
    ]);
    expect(problems.find(({ kind }) => kind === 'RabbitmqCluster')?.problem).toContain('replica');
  });
});

describe('k8s/overlays/production', () => {
  const { objects } = kustomizeBuild('k8s/overlays/production');
  const deployments = named(objects, 'Deployment');
  const configMap = named(objects, 'ConfigMap', 'zagel-config')[0];
  const tag = (deployments[0]?.spec.template.spec.containers[0].image as string)?.split(':').pop();

  it('renders the services, their budgets and autoscalers, the operators\' resources and the monitoring', () => {
    const counts = countsByKind(objects);
    expect(counts).toMatchObject({
      Deployment: APPS.length,
      HorizontalPodAutoscaler: GATEWAYS.length,
      ScaledObject: CONSUMERS.length,
      Cluster: 1,
      RabbitmqCluster: 1,
      StatefulSet: 1,
      Job: 1,
      Ingress: 2,
      PrometheusRule: 1,
    });
    // A budget per service, RabbitMQ's and Redis's; a policy per service, the Job's, the three servers', the ACME solver's and the default deny.
    expect(counts.PodDisruptionBudget).toBe(APPS.length + 2);
    expect(counts.NetworkPolicy).toBe(APPS.length + 6);
  });

  it('runs PostgreSQL on CloudNativePG: three instances, one database, backups to an object store with credentials from a Secret', () => {
    const [cluster] = named(objects, 'Cluster');
    expect(cluster.spec.instances).toBe(3);
    expect(cluster.spec.bootstrap.initdb).toMatchObject({ database: 'zagel', owner: 'zagel', secret: { name: expect.any(String) } });
    const store = cluster.spec.backup.barmanObjectStore;
    expect(store.destinationPath).toMatch(/^s3:\/\//);
    expect(store.s3Credentials.accessKeyId.name).toEqual(expect.any(String));
    expect(store.s3Credentials.secretAccessKey.name).toBe(store.s3Credentials.accessKeyId.name);
    expect(named(objects, 'ScheduledBackup')[0].spec.cluster.name).toBe(cluster.metadata.name);
  });

  it('runs RabbitMQ as a three-node cluster, and the services declare quorum queues on it', () => {
    expect(named(objects, 'RabbitmqCluster')[0].spec.replicas).toBe(3);
    expect(configMap.data.RABBITMQ_QUORUM).toBe('true');
  });

  it('runs Redis as a primary and two replicas, the services on the primary', () => {
    const [redis] = named(objects, 'StatefulSet', 'zagel-redis');
    expect(redis.spec.replicas).toBe(3);
    const primary = named(objects, 'Service', 'zagel-redis-primary')[0];
    const topology = named(objects, 'ConfigMap', 'zagel-redis-topology')[0];
    expect(primary.spec.selector['statefulset.kubernetes.io/pod-name']).toBe(topology.data.PRIMARY);
  });

  it('has a ConfigMap every service accepts (with the Secret template beside it)', () => {
    const template = parse(readFileSync(join(ROOT, 'k8s/base/secret.example.yaml'), 'utf8')) as KubernetesObject;
    for (const app of APPS) {
      try {
        loadConfig(app, settingsClassOf(app), { ...configMap.data, ...template.stringData, PORT: String(SERVICE_PORTS[app]) });
      } catch (error) {
        throw error instanceof ConfigError ? new Error(`${app}: ${error.problems.join('; ')}`) : error;
      }
    }
  });

  describe.each(APPS)('%s', (app) => {
    const deployment = named(objects, 'Deployment', app)[0];
    const pod: KubernetesObject = deployment?.spec.template.spec ?? {};
    const labels: Record<string, string> = deployment?.spec.template.metadata.labels ?? {};
    const containers: KubernetesObject[] = [...(pod.containers ?? []), ...(pod.initContainers ?? [])];
    const [main] = pod.containers ?? [];

    it('is probed on /health (startup, liveness) and /health/ready (readiness)', () => {
      expect(main.startupProbe.httpGet.path).toBe('/health');
      expect(main.livenessProbe.httpGet.path).toBe('/health');
      expect(main.readinessProbe.httpGet.path).toBe('/health/ready');
    });

    it('requests and limits CPU and memory in every container', () => {
      for (const container of containers) {
        expect([container.name, container.resources?.requests]).toEqual([container.name, { cpu: expect.anything(), memory: expect.anything() }]);
        expect([container.name, container.resources?.limits]).toEqual([container.name, { cpu: expect.anything(), memory: expect.anything() }]);
      }
    });

    it('runs non-root, read-only, without capabilities, under the runtime seccomp profile', () => {
      expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
      expect(pod.securityContext.runAsUser).not.toBe(0);
      expect(pod.automountServiceAccountToken).toBe(false);
      for (const container of containers) {
        expect([container.name, container.securityContext]).toEqual([
          container.name,
          { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
        ]);
        expect(container.volumeMounts).toEqual(expect.arrayContaining([{ name: 'tmp', mountPath: '/tmp' }]));
      }
    });

    it('spreads its pods over zones and nodes', () => {
      const keys = (pod.topologySpreadConstraints as KubernetesObject[]).map((constraint) => {
        expect(selects(constraint.labelSelector.matchLabels, labels)).toBe(true);
        return constraint.topologyKey;
      });
      expect(keys).toEqual(['topology.kubernetes.io/zone', 'kubernetes.io/hostname']);
    });

    it('has a PodDisruptionBudget keeping one pod up', () => {
      const budgets = named(objects, 'PodDisruptionBudget').filter((budget) => selects(budget.spec.selector.matchLabels, labels));
      expect(budgets.map((budget) => budget.spec.minAvailable)).toEqual([1]);
    });

    it('leaves its replica count to its autoscaler, which keeps two at least', () => {
      expect(deployment.spec.replicas).toBeUndefined();
      const scalers = [
        ...named(objects, 'HorizontalPodAutoscaler').filter((hpa) => hpa.spec.scaleTargetRef.name === app).map((hpa) => hpa.spec.minReplicas),
        ...named(objects, 'ScaledObject').filter((scaled) => scaled.spec.scaleTargetRef.name === app).map((scaled) => scaled.spec.minReplicaCount),
      ];
      expect(scalers).toEqual([2]);
    });

    it('is fenced by a NetworkPolicy: in only from the ingress controller (gateways) and Prometheus, out only to DNS, its servers and (some) the internet', () => {
      const [policy] = named(objects, 'NetworkPolicy').filter((candidate) => selects(candidate.spec.podSelector.matchLabels, labels));
      expect(policy.spec.policyTypes).toEqual(['Ingress', 'Egress']);
      const sources = (policy.spec.ingress as KubernetesObject[]).map((rule) => rule.from[0].namespaceSelector.matchLabels['kubernetes.io/metadata.name']);
      expect(sources).toEqual(GATEWAYS.includes(app) ? ['ingress-nginx', 'monitoring'] : ['monitoring']);
      const peers = (policy.spec.egress as KubernetesObject[]).map((rule) => {
        const [to] = rule.to;
        if (to.ipBlock) return `internet:${(rule.ports ?? []).map((port: KubernetesObject) => port.port).join(',') || 'any'}`;
        const target = to.podSelector.matchLabels;
        return target['k8s-app'] ?? target['cnpg.io/cluster'] ?? target['app.kubernetes.io/name'];
      });
      const servers = [...(WITH_DATABASE.includes(app) ? ['zagel-postgres'] : []), 'zagel-redis', 'zagel-rabbitmq'];
      const internet: Partial<Record<ServiceName, string>> = { auth: 'internet:587,465', billing: 'internet:443', ingestion: 'internet:any', 'provider-sender': 'internet:any' };
      expect(peers).toEqual(['kube-dns', ...servers, ...(internet[app] ? [internet[app]] : [])]);
      for (const rule of policy.spec.egress as KubernetesObject[]) {
        if (rule.to[0].ipBlock) expect(rule.to[0].ipBlock.except).toEqual(expect.arrayContaining(['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16']));
      }
    });

    if (WITH_DATABASE.includes(app)) {
      it('waits for its schema in an init container and never migrates at start', () => {
        const [init] = pod.initContainers;
        expect(init.args).toEqual(['node', `dist/apps/${app}/src/main.js`, 'await-migrations']);
        expect(init.image).toBe(main.image);
        expect(configMap.data.MIGRATE_ON_START).toBe('false');
      });
    }
  });

  it('scales each consumer on the queues it consumes, named as platformQueues() names them, and the gateways on CPU', () => {
    const known = new Map(platformQueues(new Namespace(configMap.data.ZAGEL_NAMESPACE || undefined), APPS).map((queue) => [queue.name, queue]));
    for (const app of CONSUMERS) {
      const [scaled] = named(objects, 'ScaledObject', app);
      const queues = (scaled.spec.triggers as KubernetesObject[]).filter((trigger) => trigger.type === 'rabbitmq');
      expect(queues.length).toBeGreaterThan(0);
      for (const trigger of queues) {
        const queue = known.get(trigger.metadata.queueName);
        expect([trigger.metadata.queueName, queue?.service, queue?.kind === 'dead']).toEqual([trigger.metadata.queueName, app, false]);
        expect(trigger.metadata).toMatchObject({ protocol: 'amqp', mode: 'QueueLength', value: expect.stringMatching(/^\d+$/) });
        expect(trigger.authenticationRef.name).toBe('zagel-rabbitmq');
      }
    }
    // The lanes a consumer has are all watched: a bulk backlog must not hide behind an idle live queue.
    const watched = (app: string) => named(objects, 'ScaledObject', app)[0].spec.triggers.map((trigger: KubernetesObject) => trigger.metadata.queueName);
    expect(watched('billing')).toEqual(expect.arrayContaining(['zagel.billing.live', 'zagel.billing.bulk']));
    expect(watched('pool-dispatcher')).toEqual(expect.arrayContaining(['zagel.pool-dispatcher.live', 'zagel.pool-dispatcher.bulk']));
    expect(watched('provider-sender')).toEqual(expect.arrayContaining(['zagel.provider-sender.commands', 'zagel.provider-sender.commands.bulk']));
    const [auth] = named(objects, 'TriggerAuthentication', 'zagel-rabbitmq');
    expect(auth.spec.secretTargetRef).toEqual([{ parameter: 'host', name: 'zagel-secrets', key: 'RABBITMQ_URL' }]);
    for (const app of GATEWAYS) {
      const [hpa] = named(objects, 'HorizontalPodAutoscaler', app);
      expect(hpa.spec.metrics.map((metric: KubernetesObject) => metric.resource.name)).toContain('cpu');
    }
  });

  it('migrates every schema in a Job named after the release, one service after another', () => {
    const [job] = named(objects, 'Job');
    expect(job.metadata.name).toBe(`zagel-migrate-${tag}`);
    const steps = job.spec.template.spec.initContainers as KubernetesObject[];
    expect(steps.map((step) => step.args)).toEqual(WITH_DATABASE.map((app) => ['node', `dist/apps/${app}/src/main.js`, 'migrate']));
    for (const step of steps) {
      expect(step.envFrom).toEqual([{ configMapRef: { name: 'zagel-config' } }, { secretRef: { name: 'zagel-secrets' } }]);
      expect(step.env).toEqual([{ name: 'PORT', value: expect.stringMatching(/^\d+$/) }]);
    }
    expect(job.spec.template.spec.restartPolicy).toBe('OnFailure');
    // The Job's pods are fenced too: PostgreSQL and DNS only.
    const [policy] = named(objects, 'NetworkPolicy', 'zagel-migrate');
    expect(policy.spec.egress.map((rule: KubernetesObject) => rule.ports[0].port)).toEqual([53, 5432]);
  });

  it('serves the API and the phones through TLS from cert-manager, the phones\' WebSockets with long timeouts', () => {
    const [issuer] = named(objects, 'Issuer');
    for (const app of GATEWAYS) {
      const [ingress] = named(objects, 'Ingress', app);
      expect(ingress.metadata.annotations['cert-manager.io/issuer']).toBe(issuer.metadata.name);
      expect(ingress.spec.tls[0].hosts).toEqual([ingress.spec.rules[0].host]);
      expect(ingress.spec.rules[0].http.paths[0].backend.service).toEqual({ name: app, port: { name: 'http' } });
    }
    const [devices] = named(objects, 'Ingress', 'device-gateway');
    expect(Number(devices.metadata.annotations['nginx.ingress.kubernetes.io/proxy-read-timeout'])).toBeGreaterThanOrEqual(3600);
    expect(devices.spec.rules[0].http.paths[0].path).toBe('/socket.io/');
  });

  describe('monitoring', () => {
    const [rule] = named(objects, 'PrometheusRule');
    const alerts = (rule.spec.groups as KubernetesObject[]).flatMap((group) => group.rules as KubernetesObject[]);
    const dashboard = JSON.parse(named(objects, 'ConfigMap', 'zagel-grafana-dashboard')[0].data['zagel-dashboard.json']);
    const dashboardQueries: string[] = dashboard.panels.flatMap((panel: KubernetesObject) => panel.targets.map((target: KubernetesObject) => target.expr));

    it('alerts on lane backlogs, OTP p99, open provider circuits, outbox age, dead letters and ledger imbalance', () => {
      expect(alerts.map((alert) => alert.alert)).toEqual(
        expect.arrayContaining([
          'ZagelLiveLaneBacklog',
          'ZagelBulkLaneBacklog',
          'ZagelOtpLatencyP99',
          'ZagelProviderCircuitOpen',
          'ZagelOutboxStuck',
          'ZagelDeadLetterQueueNotEmpty',
          'ZagelLedgerImbalance',
        ]),
      );
      for (const alert of alerts) expect([alert.alert, alert.labels.severity]).toEqual([alert.alert, expect.stringMatching(/^(warning|critical)$/)]);
    });

    it('queries only zagel_* metrics the code exports (the rest are RabbitMQ\'s own per-queue metrics)', () => {
      const exported = new Set(sourceFiles(['apps', 'libs']).flatMap((text) => [...text.matchAll(/['`](zagel_[a-z_]+)['`]/g)].map((match) => match[1])));
      const used = [...new Set([...alerts.map((alert) => alert.expr as string), ...dashboardQueries].flatMap((expr) => [...expr.matchAll(/\b(zagel_[a-z_]+?)(_bucket|_count|_sum)?\b/g)].map((match) => match[1])))];
      expect(used.length).toBeGreaterThan(5);
      expect(used.filter((name) => !exported.has(name))).toEqual([]);
      const foreign = [...new Set([...alerts.map((alert) => alert.expr as string), ...dashboardQueries].flatMap((expr) => [...expr.matchAll(/\b(rabbitmq_[a-z_]+)\b/g)].map((match) => match[1])))];
      expect(foreign.every((name) => name.startsWith('rabbitmq_detailed_queue_'))).toBe(true);
      expect(named(objects, 'ServiceMonitor', 'zagel-rabbitmq')[0].spec.endpoints[0].path).toBe('/metrics/detailed');
    });

    it('scrapes every service, and ships a Grafana dashboard the sidecar picks up', () => {
      const [services] = named(objects, 'ServiceMonitor', 'zagel-services');
      expect(services.spec.selector.matchExpressions[0].values).toEqual(APPS);
      expect(named(objects, 'ConfigMap', 'zagel-grafana-dashboard')[0].metadata.labels.grafana_dashboard).toBe('1');
      expect(dashboard.uid).toBe('zagel-overview');
      expect(dashboardQueries.length).toBeGreaterThanOrEqual(10);
    });
  });
});

/** The text of every TypeScript source file under the given folders (tests included: they may not define metrics, but reading them costs nothing). */
function sourceFiles(folders: string[]): string[] {
  return folders.flatMap((folder) =>
    readdirSync(join(ROOT, folder), { withFileTypes: true, recursive: true })
      .filter((entry) => entry.isFile() && entry.name.endsWith('.ts') && !entry.parentPath.includes('node_modules'))
      .map((entry) => readFileSync(join(entry.parentPath, entry.name), 'utf8')),
  );
}
