import { parse } from 'csv-parse/sync';
import { CampaignErrorCode, CampaignOptions } from '@zagel/contracts';
import { normalizePhoneNumber } from '@zagel/phone';
import { declaredVariables } from '../templates/template-text';
import { CampaignError } from './campaign.errors';

/** Where each thing a row needs is in the file: fixed by the header row, the same for every chunk. */
export interface CsvLayout {
  delimiter: ',' | ';';
  columns: string[];
  phoneIndex: number;
  /** The prebuilt text's column, when no template is given. */
  bodyIndex?: number;
  /** The template's text and, per placeholder, the column that fills it. */
  template?: { text: string; variables: Record<string, number>; templateId?: string; templateVersion?: number; providerCodes?: Record<string, string> };
}

export const DEFAULT_PHONE_COLUMN = 'phone';
export const DEFAULT_BODY_COLUMN = 'message';

function firstLineOf(text: string): string {
  let inQuotes = false;
  for (let index = 0; index < text.length; index += 1) {
    const character = text[index];
    if (character === '"') inQuotes = !inQuotes;
    else if (character === '\n' && !inQuotes) return text.slice(0, index);
  }
  return text;
}

/** The separator used most outside quotes in the header row: comma unless semicolons outnumber commas. */
export function detectDelimiter(headerLine: string): ',' | ';' {
  let commas = 0;
  let semicolons = 0;
  let inQuotes = false;
  for (const character of headerLine) {
    if (character === '"') inQuotes = !inQuotes;
    else if (!inQuotes && character === ',') commas += 1;
    else if (!inQuotes && character === ';') semicolons += 1;
  }
  return semicolons > commas ? ';' : ',';
}

const fault = (code: CampaignErrorCode, message: string, details?: Record<string, unknown>) => new CampaignError(code, message, details);

function looksLikeData(cells: string[]): boolean {
  return cells.some((cell) => /\d{6}/.test(cell) && normalizePhoneNumber(cell).ok);
}

/** The stored template the options name, resolved by the caller (it lives in the templates feature). */
export interface ResolvedTemplate {
  text: string;
  templateId?: string;
  templateVersion?: number;
  /** Its codes at providers, when it has any: each row then keeps its variables for their template APIs. */
  providerCodes?: Record<string, string>;
}

/**
 * Reads the header row of a file's first chunk and checks the options against it. Every whole-file
 * fault a header can show is thrown here, before any row is stored.
 */
export function layoutOf(firstChunk: string, options: CampaignOptions, template: ResolvedTemplate | undefined): CsvLayout {
  const text = firstChunk.charCodeAt(0) === 0xfeff ? firstChunk.slice(1) : firstChunk;
  if (text.includes('\u0000')) throw fault(CampaignErrorCode.NotCsv, 'The file is not text: it holds NUL bytes.');
  const headerLine = firstLineOf(text).replace(/\r$/, '');
  if (headerLine.trim() === '') throw fault(CampaignErrorCode.NoHeader, 'The file is empty or starts with an empty line; the first line must name the columns.');
  const delimiter = detectDelimiter(headerLine);
  let cells: string[];
  try {
    cells = (parse(headerLine, { delimiter, relax_quotes: true }) as string[][])[0] ?? [];
  } catch (error) {
    throw fault(CampaignErrorCode.NotCsv, `The first line is not CSV: ${(error as Error).message}`);
  }
  const columns = cells.map((cell) => cell.trim());
  const index = (name: string) => columns.findIndex((column) => column.toLowerCase() === name.trim().toLowerCase());

  const phoneColumn = options.phoneColumn ?? DEFAULT_PHONE_COLUMN;
  const phoneIndex = index(phoneColumn);
  if (phoneIndex < 0) {
    if (looksLikeData(columns)) {
      throw fault(CampaignErrorCode.NoHeader, 'The first line holds data, not column names: add a header row.', { columns });
    }
    throw fault(CampaignErrorCode.NoPhoneColumn, `No column is named "${phoneColumn}": set phoneColumn to one of the header's columns.`, { columns });
  }
  const layout: CsvLayout = { delimiter, columns, phoneIndex };
  if (template) {
    const variables: Record<string, number> = {};
    const missing: string[] = [];
    for (const name of declaredVariables(template.text)) {
      const at = index(name);
      if (at < 0) missing.push(name);
      else variables[name] = at;
    }
    if (missing.length > 0) {
      throw fault(CampaignErrorCode.UnknownTemplateVariables, `No column supplies the template's ${missing.map((name) => `{{${name}}}`).join(', ')}.`, {
        missing,
        columns,
      });
    }
    layout.template = { ...template, variables };
    return layout;
  }
  const bodyColumn = options.bodyColumn ?? DEFAULT_BODY_COLUMN;
  const bodyIndex = index(bodyColumn);
  if (bodyIndex < 0) {
    throw fault(CampaignErrorCode.NoBodyColumn, `No column is named "${bodyColumn}": set bodyColumn, or give a template.`, { columns });
  }
  layout.bodyIndex = bodyIndex;
  return layout;
}

/** The header row's length in characters (with its line end), so the first chunk's rows start after it. */
export function headerLength(firstChunk: string): number {
  const text = firstChunk.charCodeAt(0) === 0xfeff ? firstChunk.slice(1) : firstChunk;
  const header = firstLineOf(text);
  const offset = text.length === firstChunk.length ? 0 : 1;
  return Math.min(firstChunk.length, header.length + 1 + offset);
}
