import { parse } from 'csv-parse/sync';
import { CampaignErrorCode, CampaignRowProblem, TemplateVariable } from '@zagel/contracts';
import { canReceiveSms, normalizePhoneNumber } from '@zagel/phone';
import { analyzeSms } from '@zagel/sms-encoding';
import { CampaignError } from './campaign.errors';
import { CsvLayout } from './csv-layout';
import { senderProblem } from '../messages/message-format';
import { variablesForProviders } from '../templates/template-text';

/** The most segments one recipient's text may take. */
export const MAX_CAMPAIGN_SEGMENTS = 10;
const MAX_BODY_LENGTH = 1_600;
const MAX_PHONE_IN_REPORT = 64;

export interface KeptRow {
  line: number;
  phone: string;
  country: string;
  body: string;
  segments: number;
  /** Kept when the template has codes at providers (in its declared order). */
  templateVariables?: TemplateVariable[];
}

export interface RefusedRow {
  line: number;
  phone: string;
  code: CampaignRowProblem;
  reason: string;
}

export interface ParsedRows {
  kept: KeptRow[];
  refused: RefusedRow[];
}

interface ParsedRecord {
  record: string[];
  info: { lines: number };
}

/** The records of some text and, when a record can span lines, the lines read up to the end of each. */
interface Records {
  records: string[][];
  linesUpTo?: number[];
}

function render(layout: NonNullable<CsvLayout['template']>, record: string[]): { text: string } | { missing: string[] } {
  const missing: string[] = [];
  const text = layout.text.replace(/\{\{\s*([A-Za-z_][A-Za-z0-9_.-]{0,63})\s*\}\}/g, (_match, name: string) => {
    const value = record[layout.variables[name]]?.trim() ?? '';
    if (value === '') missing.push(name);
    return value;
  });
  return missing.length > 0 ? { missing: [...new Set(missing)] } : { text };
}

/** A row's values for a provider's template API, in declared order (the layout maps each name to its column in that order). */
function providerVariables(layout: NonNullable<CsvLayout['template']>, record: string[]): TemplateVariable[] | undefined {
  return variablesForProviders(Object.entries(layout.variables).map(([name, column]) => ({ name, value: record[column].trim() })));
}

/**
 * The records of whole lines of a file. Without a quote anywhere, CSV is lines split at the delimiter
 * (a fifth of csv-parse's time per row, which a million-row file notices); with quotes, csv-parse.
 */
function recordsOf(text: string, delimiter: string, firstLine: number): Records {
  if (!text.includes('"')) {
    const lines = text.split('\n');
    if (lines[lines.length - 1] === '') lines.pop();
    return { records: lines.map((line) => line.split(delimiter)) };
  }
  try {
    const parsed = parse(text, {
      delimiter,
      record_delimiter: '\n',
      relax_column_count: true,
      relax_quotes: true,
      info: true,
    }) as unknown as ParsedRecord[];
    return { records: parsed.map(({ record }) => record), linesUpTo: parsed.map(({ info }) => info.lines) };
  } catch (error) {
    throw new CampaignError(CampaignErrorCode.NotCsv, `The file is not CSV near line ${firstLine}: ${(error as Error).message}`);
  }
}

/**
 * Applies the row rules to whole records of a file, the first of them on `firstLine`: each kept row
 * has its number in E.164 and its rendered text measured; each refused one its line, code and reason.
 * A row never stops the file; only text that is not CSV at all does.
 */
export function parseRows(text: string, firstLine: number, layout: CsvLayout, defaultCountry?: string, senderId?: string): ParsedRows {
  // One line end for all: csv-parse counts a CRLF inside quotes as two lines, which would shift every later line number.
  const { records, linesUpTo } = recordsOf(text.includes('\r\n') ? text.replace(/\r\n/g, '\n') : text, layout.delimiter, firstLine);
  const kept: KeptRow[] = [];
  const refused: RefusedRow[] = [];
  const width = layout.columns.length;
  let lineBefore = firstLine - 1;
  for (let index = 0; index < records.length; index += 1) {
    const record = records[index];
    const line = lineBefore + 1;
    // Without quotes a record is one line.
    lineBefore = linesUpTo ? firstLine - 1 + linesUpTo[index] : line;
    if (record.length === 1 && record[0].trim() === '') continue;
    const phoneCell = (record[layout.phoneIndex] ?? '').trim();
    const phone = phoneCell.slice(0, MAX_PHONE_IN_REPORT);
    if (record.length !== width) {
      refused.push({ line, phone, code: CampaignRowProblem.MalformedLine, reason: `expected ${width} fields, found ${record.length}` });
      continue;
    }
    const number = normalizePhoneNumber(phoneCell, defaultCountry);
    if (!number.ok) {
      refused.push({ line, phone, code: CampaignRowProblem.InvalidPhoneNumber, reason: number.detail });
      continue;
    }
    if (!canReceiveSms(number.type)) {
      const kind = number.type.replace(/_/g, ' ');
      refused.push({ line, phone, code: CampaignRowProblem.CannotReceiveSms, reason: `${number.e164} is a ${kind} number and cannot receive SMS` });
      continue;
    }
    const sender = senderId === undefined ? undefined : senderProblem(senderId, number.country);
    if (sender) {
      refused.push({ line, phone, code: CampaignRowProblem.SenderIdNotSupported, reason: sender.reason });
      continue;
    }
    let body: string;
    let templateVariables: TemplateVariable[] | undefined;
    if (layout.template) {
      const rendered = render(layout.template, record);
      if ('missing' in rendered) {
        refused.push({ line, phone, code: CampaignRowProblem.MissingVariables, reason: `empty template variables: ${rendered.missing.join(', ')}` });
        continue;
      }
      body = rendered.text;
      if (layout.template.providerCodes) templateVariables = providerVariables(layout.template, record);
    } else {
      body = (record[layout.bodyIndex as number] ?? '').trim();
    }
    if (body === '') {
      refused.push({ line, phone, code: CampaignRowProblem.EmptyBody, reason: 'the message text is empty' });
      continue;
    }
    const { segments } = analyzeSms(body);
    if (segments > MAX_CAMPAIGN_SEGMENTS || body.length > MAX_BODY_LENGTH) {
      refused.push({
        line,
        phone,
        code: CampaignRowProblem.BodyTooLong,
        reason: `the text takes ${segments} segments (${body.length} characters); at most ${MAX_CAMPAIGN_SEGMENTS} segments`,
      });
      continue;
    }
    kept.push({ line, phone: number.e164, country: number.country, body, segments, ...(templateVariables ? { templateVariables } : {}) });
  }
  return { kept, refused };
}
