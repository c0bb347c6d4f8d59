import { CsvPreview } from './csv-preview';

/** Where each recipient's text comes from: a column of prebuilt texts, an inline template, or a saved template. */
export type TextSource = { kind: 'column'; column: string } | { kind: 'template'; text: string } | { kind: 'saved'; templateId: string };

export interface CampaignMapping {
  name: string;
  phoneColumn: string;
  text: TextSource;
  defaultCountry: string;
  type: 'promotional' | 'transactional';
  route: 'auto' | 'devices' | 'providers';
  ratePerSecond: string;
}

// The server's placeholder rule (ingestion's template text): {{name}}, spaces allowed inside the braces.
const PLACEHOLDER = /\{\{\s*([A-Za-z_][A-Za-z0-9_.-]{0,63})\s*\}\}/g;

/** The distinct {{column}} names a template uses, in order of first use. */
export function templatePlaceholders(template: string): string[] {
  return [...new Set([...template.matchAll(PLACEHOLDER)].map((match) => match[1]))];
}

const same = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

/** The placeholders no column of the header fills (matched as the server does: trimmed, ignoring case). */
export function unfilledPlaceholders(template: string, header: readonly string[]): string[] {
  return templatePlaceholders(template).filter((name) => !header.some((column) => same(column, name)));
}

/** The first column whose name is one of `names` (in their order of preference), else the first column. */
function guessColumn(header: readonly string[], names: readonly string[], fallback: string | undefined): string {
  for (const name of names) {
    const column = header.find((candidate) => same(candidate, name));
    if (column !== undefined) return column;
  }
  return fallback ?? '';
}

/** The mapping a file suggests: its `phone` column (the server's default) or a likely one, its `message` column or a likely one. */
export function suggestedMapping(preview: CsvPreview, current: CampaignMapping): CampaignMapping {
  const phoneColumn = guessColumn(preview.header, ['phone', 'mobile', 'msisdn', 'number', 'to'], preview.header[0]);
  const textColumn = guessColumn(preview.header, ['message', 'body', 'text', 'sms'], preview.header.find((column) => column !== phoneColumn));
  const text: TextSource = current.text.kind === 'column' ? { kind: 'column', column: textColumn } : current.text;
  return { ...current, phoneColumn, text };
}

/** What keeps the mapping from being uploaded, in words; none when it can go. */
export function mappingProblems(mapping: CampaignMapping, preview: CsvPreview): string[] {
  const problems: string[] = [];
  if (!preview.header.some((column) => same(column, mapping.phoneColumn))) problems.push('Choose the column that holds the phone numbers.');
  const { text } = mapping;
  if (text.kind === 'column' && !preview.header.some((column) => same(column, text.column))) problems.push('Choose the column that holds the messages.');
  if (text.kind === 'column' && same(text.column, mapping.phoneColumn)) problems.push('The message column cannot be the phone column.');
  if (text.kind === 'template' && text.text.trim() === '') problems.push('Write the template.');
  if (text.kind === 'template') {
    const unfilled = unfilledPlaceholders(text.text, preview.header);
    if (unfilled.length > 0) problems.push(`No column fills ${unfilled.map((name) => `{{${name}}}`).join(', ')}.`);
  }
  if (text.kind === 'saved' && text.templateId === '') problems.push('Choose a saved template.');
  if (mapping.defaultCountry.trim() !== '' && !/^[a-z]{2}$/i.test(mapping.defaultCountry.trim())) problems.push('The default country is two letters, e.g. EG.');
  return problems;
}

/**
 * The multipart fields of `POST /v1/campaigns` for a mapping, in order: the options first and the file
 * last (the gateway reads the upload as a stream, options before rows), created as a draft to review.
 */
export function campaignFormFields(mapping: CampaignMapping): [string, string][] {
  const fields: [string, string][] = [];
  const add = (name: string, value: string) => {
    if (value.trim() !== '') fields.push([name, value.trim()]);
  };
  add('name', mapping.name);
  add('type', mapping.type);
  add('route', mapping.route);
  add('phoneColumn', mapping.phoneColumn);
  if (mapping.text.kind === 'column') add('bodyColumn', mapping.text.column);
  if (mapping.text.kind === 'template') fields.push(['template', mapping.text.text]);
  if (mapping.text.kind === 'saved') add('templateId', mapping.text.templateId);
  add('defaultCountry', mapping.defaultCountry.toUpperCase());
  add('ratePerSecond', mapping.ratePerSecond);
  fields.push(['start', 'false']);
  return fields;
}
