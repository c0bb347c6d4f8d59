/**
 * The variables docs/operations.md documents: every row of the tables under `## Configuration`,
 * grouped by the `### ` heading above them. A row is `| \`NAME\` | default | secret | meaning |`,
 * one variable per row, so that this parser and the people reading the page see the same list.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface DocumentedVariable {
  name: string;
  /** The `### ` heading the table sits under: "Every service", a service's name, or another group. */
  section: string;
  /** The default column as written, e.g. "`3600000` (1 h)" or "(none)". */
  defaultCell: string;
  secret: boolean;
  line: number;
}

export interface DocumentedVariables {
  variables: DocumentedVariable[];
  /** Table rows under `## Configuration` that do not have the shape above. */
  malformed: string[];
}

const OPERATIONS = join(__dirname, '..', '..', 'docs', 'operations.md');
const VARIABLE_CELL = /^`([A-Z][A-Z0-9_]*)`$/;

export function parseDocumentedVariables(markdown: string): DocumentedVariables {
  const variables: DocumentedVariable[] = [];
  const malformed: string[] = [];
  let inConfiguration = false;
  let section = '';
  markdown.split('\n').forEach((text, index) => {
    const line = index + 1;
    if (text.startsWith('## ')) inConfiguration = text.trim() === '## Configuration';
    if (!inConfiguration) return;
    if (text.startsWith('### ')) section = text.slice(4).trim();
    if (!text.startsWith('|') || /^\|\s*(variable\s*\||-)/.test(text)) return;
    const cells = text.trim().replace(/^\||\|$/g, '').split('|').map((cell) => cell.trim());
    const name = VARIABLE_CELL.exec(cells[0])?.[1];
    if (cells.length !== 4 || !name || !['', 'yes'].includes(cells[2])) {
      malformed.push(`line ${line}: ${text}`);
      return;
    }
    variables.push({ name, section, defaultCell: cells[1], secret: cells[2] === 'yes', line });
  });
  return { variables, malformed };
}

export const documentedVariables = (): DocumentedVariables => parseDocumentedVariables(readFileSync(OPERATIONS, 'utf8'));

/** The literal default a row states (the first code span of its default cell), or undefined ("(none)", "per service"). */
export const statedDefault = (defaultCell: string): string | undefined => /^`([^`]*)`/.exec(defaultCell)?.[1];

/** A default that names what it is made of instead of a value, e.g. `<hostname>-<pid>`. */
export const isPlaceholder = (stated: string): boolean => /<[a-z-]+>/.test(stated);
