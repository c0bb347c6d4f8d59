/** A template code as written in a template's `providerCodes`: `<code>` or `<code>?<param>=<variable>&...`. */
export interface TemplateCode {
  code: string;
  /** The provider's parameter name to the template variable that fills it, when the code names them. */
  mapping: Map<string, string>;
}

export function parseTemplateCode(written: string): TemplateCode {
  const [code, query] = written.split('?', 2) as [string, string | undefined];
  const mapping = new Map<string, string>();
  for (const [param, variable] of new URLSearchParams(query ?? '')) mapping.set(param, variable);
  return { code: code.trim(), mapping };
}
