const PLACEHOLDER = /\{\{\s*([A-Za-z_][A-Za-z0-9_.-]{0,63})\s*\}\}/g;

/** The distinct `{{variable}}` names a template body declares, in order of first use. */
export function declaredVariables(body: string): string[] {
  return [...new Set([...body.matchAll(PLACEHOLDER)].map((match) => match[1]))];
}

export type RenderResult = { ok: true; text: string } | { ok: false; missing: string[] };

/** Fills every placeholder; a declared variable without a value (or with an empty one) is missing. */
export function renderTemplate(body: string, variables: Record<string, unknown> = {}): RenderResult {
  const value = (name: string): string | undefined => {
    const raw = Object.prototype.hasOwnProperty.call(variables, name) ? variables[name] : undefined;
    if (raw === undefined || raw === null) return undefined;
    const text = typeof raw === 'string' ? raw : typeof raw === 'number' || typeof raw === 'boolean' ? String(raw) : undefined;
    return text === undefined || text.length === 0 ? undefined : text;
  };
  const missing = declaredVariables(body).filter((name) => value(name) === undefined);
  if (missing.length > 0) return { ok: false, missing };
  return { ok: true, text: body.replace(PLACEHOLDER, (_match, name: string) => value(name) as string) };
}

/** The declared variables' values, in declared order, as text (for providers' own template APIs); call after a successful render. */
export function templateVariables(body: string, variables: Record<string, unknown> = {}): { name: string; value: string }[] {
  return declaredVariables(body).map((name) => ({ name, value: String(variables[name]) }));
}
