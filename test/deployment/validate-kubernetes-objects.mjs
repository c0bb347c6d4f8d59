// Validates Kubernetes objects (a JSON array on stdin) against their schemas, offline, and prints a JSON
// array of problems: { kind, name, problem }. An ES module run by node because the model packages are
// ES modules, which Jest's CommonJS runtime cannot load (test/deployment/kubernetes-schemas.ts runs it).
//   - built-in kinds: kubernetes-models (generated from the Kubernetes OpenAPI schema)
//   - CloudNativePG, KEDA, cert-manager and Prometheus Operator: their @kubernetes-models packages
//   - anything else (RabbitmqCluster): the openAPIV3Schema of its CRD vendored in ./schemas, with ajv,
//     unknown fields refused the way `kubectl apply` (strict field validation) refuses them
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv from 'ajv';

const HERE = dirname(fileURLToPath(import.meta.url));

const MODEL_PACKAGES = [
  { group: /^(postgresql\.cnpg\.io)$/, module: '@kubernetes-models/cloudnative-pg' },
  { group: /^(keda\.sh)$/, module: '@kubernetes-models/keda' },
  { group: /^(cert-manager\.io|acme\.cert-manager\.io)$/, module: '@kubernetes-models/cert-manager' },
  { group: /^(monitoring\.coreos\.com)$/, module: '@kubernetes-models/prometheus-operator' },
  // Built-in groups have no dot ("apps", "batch", "policy", "autoscaling", the core "") or end in k8s.io.
  { group: /^([a-z0-9]*|[a-z0-9.-]+\.k8s\.io)$/, module: 'kubernetes-models' },
];

const VENDORED = {
  'rabbitmq.com/v1beta1/RabbitmqCluster': 'rabbitmq.com_v1beta1_rabbitmqcluster.json',
};

/** Objects of a structural schema accept only the properties it lists, unless it says otherwise. */
function strict(schema) {
  if (Array.isArray(schema)) return schema.map(strict);
  if (!schema || typeof schema !== 'object') return schema;
  const copy = Object.fromEntries(Object.entries(schema).map(([key, value]) => [key, key === 'enum' || key === 'default' ? value : strict(value)]));
  if (copy.properties && copy.additionalProperties === undefined && !copy['x-kubernetes-preserve-unknown-fields']) {
    copy.additionalProperties = false;
  }
  return copy;
}

const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
const vendored = new Map();
function vendoredValidator(key) {
  if (!vendored.has(key)) {
    const schema = JSON.parse(readFileSync(join(HERE, 'schemas', VENDORED[key]), 'utf8'));
    const rest = { ...schema };
    delete rest.$comment; // where it came from
    // The API server checks apiVersion, kind and metadata itself; the CRD schema leaves them open.
    rest.properties = { ...rest.properties, apiVersion: { type: 'string' }, kind: { type: 'string' }, metadata: { type: 'object' } };
    vendored.set(key, ajv.compile(strict(rest)));
  }
  return vendored.get(key);
}

async function modelFor(apiVersion, kind) {
  const group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
  const source = MODEL_PACKAGES.find((entry) => entry.group.test(group));
  if (!source) return undefined;
  try {
    const models = await import(`${source.module}/${apiVersion}`);
    return models[kind];
  } catch {
    return undefined;
  }
}

const objects = JSON.parse(readFileSync(0, 'utf8'));
const problems = [];
for (const object of objects) {
  const { apiVersion, kind } = object;
  const name = object.metadata?.name ?? '(no name)';
  const key = `${apiVersion}/${kind}`;
  if (VENDORED[key]) {
    const validate = vendoredValidator(key);
    if (!validate(object)) {
      for (const error of validate.errors) problems.push({ kind, name, problem: `${error.instancePath || '/'} ${error.message}${error.params?.additionalProperty ? `: ${error.params.additionalProperty}` : ''}` });
    }
    continue;
  }
  const Model = await modelFor(apiVersion, kind);
  if (!Model) {
    problems.push({ kind, name, problem: `no schema for ${key}` });
    continue;
  }
  try {
    new Model(object).validate();
  } catch (error) {
    problems.push({ kind, name, problem: error.message });
  }
}
process.stdout.write(JSON.stringify(problems));
