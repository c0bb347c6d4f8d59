/**
 * Reads `a.b[0].c` style paths (dots and numeric indexes, optional leading `$.`): enough for the places
 * generic gateways put ids and statuses, without a query language.
 */
export function readJsonPath(value: unknown, path: string): unknown {
  const steps = path
    .replace(/^\$\.?/, '')
    .split(/\.|\[(\d+)\]/)
    .filter((step) => step !== undefined && step !== '');
  let current: unknown = value;
  for (const step of steps) {
    if (current === null || current === undefined) return undefined;
    if (Array.isArray(current) && /^\d+$/.test(step)) current = current[Number(step)];
    else if (typeof current === 'object') current = (current as Record<string, unknown>)[step];
    else return undefined;
  }
  return current;
}

export function isValidJsonPath(path: string): boolean {
  return /^(\$\.?)?[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+|\[\d+\])*$/.test(path) || path === '$';
}
