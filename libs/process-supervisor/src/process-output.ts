import type { Readable } from 'node:stream';
import { LineSplitter } from './line-splitter';

export type OutputStream = 'stdout' | 'stderr';

export type OutputListener = (line: string, stream: OutputStream) => void;

/** Calls `onLine` for each line of a child's output, the unterminated last one included. */
export function forwardLines(source: Readable | null, stream: OutputStream, onLine: OutputListener | undefined): void {
  if (!source) return;
  const splitter = new LineSplitter();
  source.setEncoding('utf8');
  source.on('data', (chunk: string) => {
    for (const line of splitter.push(chunk)) onLine?.(line, stream);
  });
  source.on('end', () => {
    for (const line of splitter.flush()) onLine?.(line, stream);
  });
}
