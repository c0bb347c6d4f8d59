import { spawnSync } from 'node:child_process';
import {
  accessSync,
  chmodSync,
  constants,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { kustomizeBuild } from './kubernetes-manifests';
import { ConfigError, loadConfig, SERVICE_PORTS, ServiceName } from '@zagel/config';
import {
  DEPLOYMENT_VARIABLES,
  deploymentVariablesOf,
  KNOWN_VARIABLES,
  missingFrom,
  SECRET_VARIABLES,
  settingsClassOf,
  unknownIn,
} from './platform-variables';

/**
 * The Dockerfile, docker-compose.yml and k8s/ are never run in CI (no Docker engine),
 * so this reads them and checks them against the code: the eight services and their
 * ports from SERVICE_PORTS, the variables from the config classes.
 */

const ROOT = join(__dirname, '..', '..');
const APPS = Object.keys(SERVICE_PORTS) as ServiceName[];

const INFRASTRUCTURE = { postgres: 'postgres:16', redis: 'redis:7', rabbitmq: 'rabbitmq:3.13-management' };

type Yaml = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');

/** Fails with every problem the app's config class finds in an environment (values are validated, not just names). */
function expectValidConfig(where: string, app: ServiceName, env: Record<string, string>): void {
  try {
    loadConfig(where, settingsClassOf(app), env);
  } catch (error) {
    if (error instanceof ConfigError) throw new Error(`${where}: ${error.problems.join('; ')}`);
    throw error;
  }
}

/**
 * Folders under apps/ that are not services, so neither the image's entrypoint, compose nor k8s runs
 * them: the dashboard is static files the api-gateway serves, and zagel-device is the agent that runs
 * on phone owners' phones and modem boxes (docs/device-agent.md), never in the platform's cluster.
 */
const NOT_DEPLOYED = { dashboard: 'served by the api-gateway', 'zagel-device': 'runs on the phones' } as const;

describe('apps/', () => {
  it('holds the services and, named here, the apps that are not deployed', () => {
    const folders = readdirSync(join(ROOT, 'apps'), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name)
      .sort();
    expect(folders).toEqual([...APPS, ...Object.keys(NOT_DEPLOYED)].sort());
  });

  it.each(Object.keys(NOT_DEPLOYED))('%s has no service of its own in compose or k8s', (app) => {
    const compose = parse(read('docker-compose.yml'), { merge: true }) as Yaml;
    expect(Object.keys(compose.services)).not.toContain(app);
    const named = yamlDocumentsUnder('k8s').filter(({ doc }) => doc?.metadata?.name === app);
    expect(named).toEqual([]);
  });
});

describe('the variable list the deployment files are checked against', () => {
  it('comes from the config classes, so it cannot silently be empty', () => {
    expect(DEPLOYMENT_VARIABLES).toEqual(
      expect.arrayContaining(['DATABASE_URL', 'LOG_LEVEL', 'BUS_PREFETCH', 'ADMIN_EMAIL', 'OTP_CODE_HMAC_KEY', 'DISPATCH_STRATEGY']),
    );
    expect(deploymentVariablesOf('billing')).toEqual(expect.arrayContaining(['DATABASE_URL', 'BILLING_CURRENCY', 'WEBHOOKS_ALLOW_PRIVATE']));
    expect(deploymentVariablesOf('billing')).not.toContain('DISPATCH_STRATEGY');
    for (const perInstanceOrTestOnly of ['PORT', 'INSTANCE_ID', 'BUS_QUEUE_EXPIRES_MS', 'STRIPE_API_HOST']) {
      expect(DEPLOYMENT_VARIABLES).not.toContain(perInstanceOrTestOnly);
      expect(KNOWN_VARIABLES).toContain(perInstanceOrTestOnly);
    }
    expect(KNOWN_VARIABLES).toContain('ZAGEL_NAMESPACE');
  });
});

describe('docker/Dockerfile', () => {
  const dockerfile = read('docker/Dockerfile');
  const defaultArgs = Object.fromEntries(
    [...dockerfile.matchAll(/^ARG\s+(\w+)=(\S+)/gm)].map(([, name, value]) => [name, value]),
  );
  const stages = dockerfile
    .split(/^(?=FROM\s)/m)
    .filter((chunk) => chunk.startsWith('FROM'))
    .map((chunk) => {
      const [, image, name] = /^FROM\s+(\S+)(?:\s+AS\s+(\S+))?/i.exec(chunk)!;
      return { image: image.replace(/^\$\{(\w+)\}$/, (_, arg: string) => defaultArgs[arg] ?? arg), name, body: chunk };
    });
  const runtime = stages[stages.length - 1];

  it('builds in stages from node:20-bookworm-slim', () => {
    expect(stages.length).toBeGreaterThanOrEqual(3);
    const stageNames = stages.map((stage) => stage.name);
    for (const stage of stages) expect(['node:20-bookworm-slim', ...stageNames]).toContain(stage.image);
    expect(runtime.image).toBe('node:20-bookworm-slim');
  });

  it('installs with npm ci, compiles with npm run build, ships production dependencies and dist/ only', () => {
    expect(dockerfile).toMatch(/^RUN npm ci\b/m);
    expect(dockerfile).toMatch(/^RUN npm run build\b/m);
    expect(runtime.body).toMatch(/^RUN npm ci --omit=dev\b/m);
    expect(runtime.body).toMatch(/^COPY --from=\S+ \/app\/dist \.\/dist$/m);
  });

  it('runs as a non-root user through the entrypoint', () => {
    const user = /^USER\s+(\S+)/m.exec(runtime.body)?.[1];
    expect(user).toBeDefined();
    expect(user).not.toMatch(/^(root|0)(:|$)/);
    expect(runtime.body).toMatch(/^ENTRYPOINT \["\/app\/docker\/entrypoint\.sh"\]$/m);
  });

  it('keeps node_modules and dist out of the build context', () => {
    const ignored = read('.dockerignore').split('\n').map((line) => line.trim());
    expect(ignored).toEqual(expect.arrayContaining(['node_modules', 'dist', '.git']));
  });
});

describe('docker/entrypoint.sh', () => {
  const script = join(ROOT, 'docker', 'entrypoint.sh');
  let fakeBin: string;

  beforeAll(() => {
    // A `node` that only prints what it was asked to run.
    fakeBin = mkdtempSync(join(tmpdir(), 'zagel-entrypoint-'));
    writeFileSync(join(fakeBin, 'node'), '#!/bin/sh\necho "node $*"\n');
    chmodSync(join(fakeBin, 'node'), 0o755);
  });
  afterAll(() => rmSync(fakeBin, { recursive: true, force: true }));

  const run = (env: Record<string, string>) =>
    spawnSync(script, [], { cwd: ROOT, env: { PATH: `${fakeBin}:/usr/bin:/bin`, ...env }, encoding: 'utf8' });

  it('is executable', () => {
    expect(() => accessSync(script, constants.X_OK)).not.toThrow();
  });

  it.each(APPS)('starts %s from its compiled entry', (app) => {
    const result = run({ APP: app });
    expect(result.status).toBe(0);
    expect(result.stdout.trim()).toBe(`node dist/apps/${app}/src/main.js`);
    expect(existsSync(join(ROOT, 'apps', app, 'src', 'main.ts'))).toBe(true);
  });

  it.each([['unknown', { APP: 'billling' }], ['unset', {}]])('refuses an %s APP with the list of services', (_, env) => {
    const result = run(env);
    expect(result.status).toBe(64);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('is not a Zagel service');
    for (const app of APPS) expect(result.stderr).toContain(app);
  });
});

/** `127.0.0.1:3002:3002`, `3000:3000`, `3000` or the long form, as host and container ports. */
function parsePort(entry: string | number | Yaml): { published?: number; target: number } {
  if (typeof entry === 'object') return { published: Number(entry.published), target: Number(entry.target) };
  const parts = String(entry).split(':');
  const target = Number(parts.pop());
  return { published: parts.length > 0 ? Number(parts.pop()) : undefined, target };
}

/** Compose's `${VAR:-default}` with nothing set in the shell. */
const withComposeDefaults = (value: string) => value.replace(/\$\{\w+(?::?-([^}]*))?\}/g, (_, fallback?: string) => fallback ?? '');

describe('docker-compose.yml', () => {
  const compose = parse(read('docker-compose.yml'), { merge: true }) as Yaml;
  const services = compose.services as Record<string, Yaml>;

  const environmentOf = (service: Yaml): Record<string, unknown> =>
    Array.isArray(service.environment)
      ? Object.fromEntries((service.environment as string[]).map((line) => [line.split('=')[0], line.slice(line.indexOf('=') + 1)]))
      : (service.environment ?? {});

  it.each(Object.entries(INFRASTRUCTURE))('runs %s as %s with a healthcheck', (name, image) => {
    expect(services[name]?.image).toBe(image);
    expect(services[name].healthcheck?.test).toBeDefined();
  });

  it('creates the zagel database', () => {
    expect(environmentOf(services.postgres).POSTGRES_DB).toBe('zagel');
  });

  it('runs every service from one image', () => {
    const images = new Set(APPS.map((app) => services[app]?.image));
    expect(images.size).toBe(1);
    expect(services[APPS[0]].build?.dockerfile).toBe('docker/Dockerfile');
  });

  describe.each(APPS)('%s', (app) => {
    const service = services[app] ?? {};
    const env = environmentOf(service);

    it('exists, selected by APP, on its own PORT', () => {
      expect(services[app]).toBeDefined();
      expect(env.APP).toBe(app);
      expect(String(env.PORT)).toBe(String(SERVICE_PORTS[app]));
    });

    it('gets every variable its config reads (per-instance and test-only ones aside), and none that no config reads', () => {
      const names = Object.keys(env);
      expect({ missing: missingFrom(names, deploymentVariablesOf(app)), unknown: unknownIn(names) }).toEqual({ missing: [], unknown: [] });
    });

    it('sets values its config accepts (strings or numbers, never YAML booleans)', () => {
      const badlyTyped = Object.entries(env).filter(([, value]) => typeof value !== 'string' && typeof value !== 'number');
      expect(badlyTyped).toEqual([]);
      expectValidConfig(`compose ${app}`, app, Object.fromEntries(Object.entries(env).map(([k, v]) => [k, withComposeDefaults(String(v))])));
    });

    it('starts only once PostgreSQL, Redis and RabbitMQ are healthy', () => {
      for (const dependency of Object.keys(INFRASTRUCTURE)) {
        expect(service.depends_on?.[dependency]).toEqual({ condition: 'service_healthy' });
      }
    });

    it('publishes its PORT', () => {
      const targets = ((service.ports ?? []) as Array<string | Yaml>).map(parsePort).map((port) => port.target);
      expect(targets).toContain(SERVICE_PORTS[app]);
    });
  });

  it.each(['api-gateway', 'device-gateway'] as const)('exposes %s on the host on its own port', (app) => {
    const port = SERVICE_PORTS[app];
    const published = (services[app].ports as Array<string | Yaml>).map(String);
    expect(published).toContain(`${port}:${port}`);
  });
});

/** Every YAML document under a folder, with the file it came from. */
function yamlDocumentsUnder(folder: string): Array<{ file: string; doc: Yaml }> {
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
      entry.isDirectory() ? walk(join(dir, entry.name)) : /\.ya?ml$/.test(entry.name) ? [join(dir, entry.name)] : [],
    );
  return walk(join(ROOT, folder)).flatMap((file) =>
    parseAllDocuments(readFileSync(file, 'utf8')).map((document) => {
      if (document.errors.length > 0) throw new Error(`${relative(ROOT, file)}: ${document.errors[0].message}`);
      return { file: relative(ROOT, file), doc: document.toJS() as Yaml };
    }),
  );
}

describe('k8s/', () => {
  const documents = yamlDocumentsUnder('k8s');
  const kustomizations = documents.filter(({ file }) => file.endsWith('kustomization.yaml'));
  const base = documents.filter(({ file }) => file.startsWith('k8s/base/'));
  const ofKind = (kind: string) => base.filter(({ doc }) => doc?.kind === kind).map(({ doc }) => doc);
  const configMap = ofKind('ConfigMap').find((doc) => doc.metadata.name === 'zagel-config');
  const secret = documents.find(({ file }) => file === 'k8s/base/secret.example.yaml')?.doc;
  const secretKeys = Object.keys({ ...secret?.data, ...secret?.stringData });

  it('parses, and every document has a kind (kustomizations aside)', () => {
    expect(documents.length).toBeGreaterThan(APPS.length);
    expect(documents.filter(({ doc }) => !doc?.kind).map(({ file }) => file)).toEqual([]);
  });

  it.each(kustomizations.map(({ file, doc }) => [file, doc] as const))('%s lists only resources that exist', (file, doc) => {
    const listed: string[] = doc.resources ?? [];
    const absent = listed.filter((resource) => {
      const path = join(ROOT, dirname(file), resource);
      return !existsSync(path) || (statSync(path).isDirectory() && !existsSync(join(path, 'kustomization.yaml')));
    });
    expect(absent).toEqual([]);
  });

  it('every overlay says which image "zagel" is', () => {
    const overlays = kustomizations.filter(({ file }) => file.startsWith('k8s/overlays/'));
    expect(overlays.length).toBeGreaterThan(0);
    for (const { file, doc } of overlays) {
      const image = ((doc.images ?? []) as Yaml[]).find((entry) => entry.name === 'zagel');
      expect([file, image?.newName ?? image?.newTag]).toEqual([file, expect.any(String)]);
    }
  });

  // Patches are only visible in the built output: a misspelled key in a ConfigMap patch is added, not refused.
  it.each(kustomizations.map(({ file }) => dirname(file)))('kustomize build %s builds, with settings the config knows', (folder) => {
    const build = kustomizeBuild(folder);
    expect(build.stderr).toBe('');
    expect(build.status).toBe(0);
    const settings = build.objects.filter(
      ({ kind, metadata }) =>
        (kind === 'ConfigMap' && metadata.name.startsWith(configMap?.metadata.name)) ||
        (kind === 'Secret' && metadata.name.startsWith(secret?.metadata.name)),
    );
    const keys = settings.flatMap((doc) => Object.keys({ ...doc.data, ...doc.stringData }));
    // The base and the production overlay have no Secret of their own (it is created from a secret manager), so only an overlay that generates one can be complete.
    const complete = settings.some(({ kind }) => kind === 'Secret');
    const missing = complete ? missingFrom(keys, DEPLOYMENT_VARIABLES) : [];
    expect({ missing, unknown: unknownIn(keys) }).toEqual({ missing: [], unknown: [] });
  });

  it('the base lists every manifest beside it except the Secret template', () => {
    const listed = new Set<string>(kustomizations.find(({ file }) => file === 'k8s/base/kustomization.yaml')!.doc.resources);
    const manifests = [...new Set(base.map(({ file }) => relative('k8s/base', file)))].filter(
      (file) => file !== 'kustomization.yaml' && file !== 'secret.example.yaml',
    );
    expect(manifests.filter((file) => !listed.has(file))).toEqual([]);
    expect(listed).not.toContain('secret.example.yaml');
  });

  it('ConfigMap and Secret together hold every variable a config reads, the secrets and only they in the Secret', () => {
    expect(configMap).toBeDefined();
    expect(secret?.kind).toBe('Secret');
    const configKeys = Object.keys(configMap!.data);
    expect({
      missing: missingFrom([...configKeys, ...secretKeys], DEPLOYMENT_VARIABLES),
      unknown: unknownIn([...configKeys, ...secretKeys]),
      secretsMissingFromSecret: missingFrom(secretKeys, SECRET_VARIABLES),
      notSecretInSecret: secretKeys.filter((key) => !SECRET_VARIABLES.includes(key)),
      secretsInConfigMap: configKeys.filter((key) => SECRET_VARIABLES.includes(key)),
    }).toEqual({ missing: [], unknown: [], secretsMissingFromSecret: [], notSecretInSecret: [], secretsInConfigMap: [] });
  });

  it('ConfigMap values are strings (the API server rejects numbers and booleans)', () => {
    expect(Object.entries(configMap!.data).filter(([, value]) => typeof value !== 'string')).toEqual([]);
  });

  it.each(APPS)('ConfigMap and Secret hold values the config of %s accepts', (app) => {
    expectValidConfig(`k8s base, ${app}`, app, { ...configMap!.data, ...secret!.stringData, PORT: String(SERVICE_PORTS[app]) });
  });

  it('every generated Secret in an overlay has the same keys as the template', () => {
    const generated = kustomizations.flatMap(({ file, doc }) =>
      ((doc.secretGenerator ?? []) as Yaml[])
        .filter((generator) => generator.name === secret?.metadata.name)
        .map((generator) => [file, (generator.literals as string[]).map((literal) => literal.split('=')[0]).sort()]),
    );
    for (const [file, keys] of generated) expect([file, keys]).toEqual([file, [...secretKeys].sort()]);
  });

  describe.each(APPS)('%s', (app) => {
    const port = SERVICE_PORTS[app];
    const deployment = ofKind('Deployment').find((doc) => doc.metadata.name === app);
    const service = ofKind('Service').find((doc) => doc.metadata.name === app);
    const pod: Yaml = deployment?.spec.template.spec ?? {};
    const container: Yaml = pod.containers?.[0] ?? {};
    const env = Object.fromEntries(((container.env ?? []) as Yaml[]).map((variable) => [variable.name, variable]));
    const namedPorts = Object.fromEntries(((container.ports ?? []) as Yaml[]).map((p) => [p.name, p.containerPort]));
    const resolvePort = (value: string | number) => (typeof value === 'number' ? value : namedPorts[value]);

    it('has a Deployment running the zagel image with APP, PORT and INSTANCE_ID', () => {
      expect(deployment).toBeDefined();
      expect(pod.containers).toHaveLength(1);
      expect(container.image).toBe('zagel');
      expect(env.APP?.value).toBe(app);
      expect(env.PORT?.value).toBe(String(port));
      expect(env.INSTANCE_ID?.valueFrom?.fieldRef?.fieldPath).toBe('metadata.name');
      expect({ unknown: unknownIn(Object.keys(env)) }).toEqual({ unknown: [] });
    });

    it('reads the ConfigMap and the Secret', () => {
      expect(container.envFrom).toEqual(
        expect.arrayContaining([
          { configMapRef: { name: configMap?.metadata.name } },
          { secretRef: { name: secret?.metadata.name } },
        ]),
      );
    });

    it(`listens on ${port}, live on /health and ready on /health/ready`, () => {
      // The api-gateway also takes SMPP links on SMPP_PORT (ConfigMap), named `smpp`.
      expect(namedPorts).toEqual(app === 'api-gateway' ? { http: port, smpp: 2775 } : { http: port });
      expect(container.livenessProbe?.httpGet?.path).toBe('/health');
      expect(resolvePort(container.livenessProbe?.httpGet?.port)).toBe(port);
      expect(container.readinessProbe?.httpGet?.path).toBe('/health/ready');
      expect(resolvePort(container.readinessProbe?.httpGet?.port)).toBe(port);
    });

    it('requests and limits CPU and memory', () => {
      for (const bound of ['requests', 'limits']) {
        expect(container.resources?.[bound]).toEqual(expect.objectContaining({ cpu: expect.anything(), memory: expect.anything() }));
      }
    });

    it('runs as a non-root user without privilege escalation', () => {
      expect(pod.securityContext?.runAsNonRoot ?? container.securityContext?.runAsNonRoot).toBe(true);
      expect(pod.securityContext?.runAsUser ?? container.securityContext?.runAsUser).not.toBe(0);
      expect(container.securityContext?.allowPrivilegeEscalation).toBe(false);
    });

    it('has a Service selecting its pods on its port', () => {
      expect(service).toBeDefined();
      expect(deployment!.spec.template.metadata.labels).toEqual(expect.objectContaining(service!.spec.selector));
      expect(deployment!.spec.selector.matchLabels).toEqual(service!.spec.selector);
      const [servicePort] = service!.spec.ports as Yaml[];
      expect(resolvePort(servicePort.targetPort)).toBe(port);
    });
  });
});
