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

/** What the row rules make of one record: a row to send or a refusal (which has a `code`). */
export type ParsedRow = KeptRow | RefusedRow;

export function isRefused(row: ParsedRow): row is RefusedRow {
  return 'code' in row;
}

interface ParsedRecord {
  record: string[];
  /** When a record can span lines: the lines of the text read up to its end. */
  info?: { lines: number };
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

/** The lines of text without a quote split at the delimiter, one at a time. */
function* plainRecords(text: string, delimiter: string): Generator<ParsedRecord> {
  for (let start = 0; start < text.length; ) {
    const end = text.indexOf('\n', start);
    const stop = end === -1 ? text.length : end;
    yield { record: text.slice(start, stop).split(delimiter) };
    start = stop + 1;
  }
}

/**
 * The records of whole lines of a file. Without a quote anywhere, CSV is lines split at the delimiter
 * (a fifth of csv-parse's time per row, which a million-row file notices), read as they are used;
 * with quotes, csv-parse, at once, so a fault surfaces before anything is stored.
 */
function recordsOf(text: string, delimiter: string, firstLine: number): Iterable<ParsedRecord> {
  if (!text.includes('"')) return plainRecords(text, delimiter);
  try {
    return parse(text, {
      delimiter,
      record_delimiter: '\n',
      relax_column_count: true,
      relax_quotes: true,
      info: true,
    }) as unknown as ParsedRecord[];
  } catch (error) {
    throw new CampaignError(CampaignErrorCode.NotCsv, `The file is not CSV near line ${firstLine}: ${(error as Error).message}`);
  }
}

/**
 * Applies the row rules to whole records of a file, the first of them on `firstLine`: each kept row
 * has its number in E.164 and its rendered text measured; each refused one its line, code and reason.
 * A row never stops the file; only text that is not CSV at all does, and it throws here, at the call.
 * The rows are made as they are read, so each lives only while it is stored (a chunk's rows held at
 * once outlive the young generation and grow the old one with the length of the file).
 */
export function parseRows(text: string, firstLine: number, layout: CsvLayout, defaultCountry?: string, senderId?: string): Iterable<ParsedRow> {
  // One line end for all: csv-parse counts a CRLF inside quotes as two lines, which would shift every later line number.
  const records = recordsOf(text.includes('\r\n') ? text.replace(/\r\n/g, '\n') : text, layout.delimiter, firstLine);
  return applyRowRules(records, firstLine, layout, defaultCountry, senderId);
}

function* applyRowRules(records: Iterable<ParsedRecord>, firstLine: number, layout: CsvLayout, defaultCountry?: string, senderId?: string): Generator<ParsedRow> {
  const width = layout.columns.length;
  let lineBefore = firstLine - 1;
  for (const { record, info } of records) {
    const line = lineBefore + 1;
    // Without quotes a record is one line.
    lineBefore = info ? firstLine - 1 + info.lines : line;
    if (record.length === 1 && record[0].trim() === '') continue;
    const phoneCell = (record[layout.phoneIndex] ?? '').trim();
    const phone = phoneCell.slice(0, MAX_PHONE_IN_REPORT);
    if (record.length !== width) {
      yield { line, phone, code: CampaignRowProblem.MalformedLine, reason: `expected ${width} fields, found ${record.length}` };
      continue;
    }
    const number = normalizePhoneNumber(phoneCell, defaultCountry);
    if (!number.ok) {
      yield { line, phone, code: CampaignRowProblem.InvalidPhoneNumber, reason: number.detail };
      continue;
    }
    if (!canReceiveSms(number.type)) {
      const kind = number.type.replace(/_/g, ' ');
      yield { line, phone, code: CampaignRowProblem.CannotReceiveSms, reason: `${number.e164} is a ${kind} number and cannot receive SMS` };
      continue;
    }
    const sender = senderId === undefined ? undefined : senderProblem(senderId, number.country);
    if (sender) {
      yield { line, phone, code: CampaignRowProblem.SenderIdNotSupported, reason: sender.reason };
      continue;
    }
    let body: string;
    let templateVariables: TemplateVariable[] | undefined;
    if (layout.template) {
      const rendered = render(layout.template, record);
      if ('missing' in rendered) {
        yield { line, phone, code: CampaignRowProblem.MissingVariables, reason: `empty template variables: ${rendered.missing.join(', ')}` };
        continue;
      }
      body = rendered.text;
      if (layout.template.providerCodes) templateVariables = providerVariables(layout.template, record);
    } else {
      body = (record[layout.bodyIndex as number] ?? '').trim();
    }
    if (body === '') {
      yield { line, phone, code: CampaignRowProblem.EmptyBody, reason: 'the message text is empty' };
      continue;
    }
    const { segments } = analyzeSms(body);
    if (segments > MAX_CAMPAIGN_SEGMENTS || body.length > MAX_BODY_LENGTH) {
      yield {
        line,
        phone,
        code: CampaignRowProblem.BodyTooLong,
        reason: `the text takes ${segments} segments (${body.length} characters); at most ${MAX_CAMPAIGN_SEGMENTS} segments`,
      };
      continue;
    }
    yield { line, phone: number.e164, country: number.country, body, segments, ...(templateVariables ? { templateVariables } : {}) };
  }
}
