/** The values a generic gateway's URL, headers and body may use. */
export interface TemplateValues {
  to: string;
  body: string;
  messageId: string;
  from: string;
  reportUrl: string;
}

export type TemplateContext = 'url' | 'json' | 'form' | 'header';

const PLACEHOLDER = /\{\{\s*(to|body|messageId|from|reportUrl)\s*\}\}/g;

/**
 * Each value is escaped for where it lands: percent-encoded in URLs and form bodies, a JSON string's
 * contents in JSON bodies (the template supplies the quotes), verbatim in headers (but never a line break,
 * which would let message content forge headers).
 */
function escape(value: string, context: TemplateContext): string {
  switch (context) {
    case 'url':
    case 'form':
      return encodeURIComponent(value);
    case 'json':
      return JSON.stringify(value).slice(1, -1);
    case 'header':
      if (/[\r\n]/.test(value)) throw new Error('a header value cannot contain a line break');
      return value;
  }
}

export function renderTemplate(template: string, values: TemplateValues, context: TemplateContext): string {
  return template.replace(PLACEHOLDER, (_match, name: keyof TemplateValues) => escape(values[name], context));
}
