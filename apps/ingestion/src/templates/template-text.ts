import { MAX_TEMPLATE_VARIABLE_LENGTH, MAX_TEMPLATE_VARIABLES, TemplateVariable } from '@zagel/contracts';

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
export function templateVariables(body: string, variables: Record<string, unknown> = {}): TemplateVariable[] {
  return declaredVariables(body).map((name) => ({ name, value: String(variables[name]) }));
}

/**
 * The variables, if a provider's template API can take them (the bus contract's limits); otherwise undefined,
 * and the message goes as its rendered text, like one whose template has no provider codes.
 */
export function variablesForProviders(variables: TemplateVariable[]): TemplateVariable[] | undefined {
  const fit = variables.length <= MAX_TEMPLATE_VARIABLES && variables.every((variable) => variable.value.length <= MAX_TEMPLATE_VARIABLE_LENGTH);
  return fit ? variables : undefined;
}
