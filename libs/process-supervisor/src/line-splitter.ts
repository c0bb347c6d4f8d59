/** Cuts a text stream into lines, holding a partial last line until the rest arrives. */
export class LineSplitter {
  private pending = '';

  /** The complete lines in `chunk` (and what was pending), without their line endings. */
  push(chunk: string): string[] {
    const text = this.pending + chunk;
    const lines = text.split('\n');
    this.pending = lines.pop() ?? '';
    return lines.map(stripCarriageReturn);
  }

  /** The unterminated rest, once the stream has ended. */
  flush(): string[] {
    const rest = this.pending;
    this.pending = '';
    return rest === '' ? [] : [stripCarriageReturn(rest)];
  }
}

function stripCarriageReturn(line: string): string {
  return line.endsWith('\r') ? line.slice(0, -1) : line;
}
