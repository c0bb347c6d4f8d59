/** How much of a file the browser reads to show its first rows: the rest goes to the server unread. */
export const PREVIEW_BYTES = 16 * 1024;
export const PREVIEW_ROWS = 5;

export interface CsvPreview {
  delimiter: ',' | ';';
  /** Column names, trimmed (the server matches them trimmed and ignoring case). */
  header: string[];
  /** The first data rows, at most PREVIEW_ROWS. */
  rows: string[][];
}

/** The separator used most outside quotes in the header line, as the server decides it: comma unless semicolons outnumber commas. */
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

/** Splits text into records of fields: quoted fields may hold the delimiter, line ends and doubled quotes. */
function records(text: string, delimiter: string): { cells: string[]; complete: boolean }[] {
  const found: { cells: string[]; complete: boolean }[] = [];
  let cells: string[] = [];
  let field = '';
  let inQuotes = false;
  for (let index = 0; index < text.length; index += 1) {
    const character = text[index];
    if (inQuotes) {
      if (character === '"' && text[index + 1] === '"') {
        field += '"';
        index += 1;
      } else if (character === '"') inQuotes = false;
      else field += character;
    } else if (character === '"' && field === '') inQuotes = true;
    else if (character === delimiter) {
      cells.push(field);
      field = '';
    } else if (character === '\n' || character === '\r') {
      if (character === '\r' && text[index + 1] === '\n') index += 1;
      cells.push(field);
      found.push({ cells, complete: true });
      cells = [];
      field = '';
    } else field += character;
  }
  if (field !== '' || cells.length > 0) found.push({ cells: [...cells, field], complete: false });
  return found;
}

/**
 * The header and first rows of the start of a CSV file, for the upload's preview only (the server
 * parses the whole file with its own parser). `whole` says the text is the entire file: otherwise a
 * last line without its line end was cut by the read and is left out. Blank lines are skipped.
 */
export function previewCsv(start: string, whole: boolean): CsvPreview | undefined {
  const text = start.charCodeAt(0) === 0xfeff ? start.slice(1) : start;
  const firstLineEnd = text.search(/\r?\n/);
  const delimiter = detectDelimiter(firstLineEnd < 0 ? text : text.slice(0, firstLineEnd));
  const lines = records(text, delimiter).filter((record) => (record.complete || whole) && record.cells.some((cell) => cell.trim() !== ''));
  if (lines.length === 0) return undefined;
  const [header, ...rows] = lines.map((record) => record.cells);
  return { delimiter, header: header.map((name) => name.trim()), rows: rows.slice(0, PREVIEW_ROWS) };
}

/** Reads the first PREVIEW_BYTES of a file as text (FileReader: in every browser, and in jsdom). */
export function readFileStart(file: Blob): Promise<{ text: string; whole: boolean }> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve({ text: String(reader.result ?? ''), whole: file.size <= PREVIEW_BYTES });
    reader.onerror = () => reject(reader.error ?? new Error('The file could not be read.'));
    reader.readAsText(file.slice(0, PREVIEW_BYTES));
  });
}
