import { closeSync, existsSync, fstatSync, fsyncSync, mkdirSync, openSync, readFileSync, readSync, renameSync, writeFileSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * A file of JSON lines the agent only appends to, each line on disk (fsync) before `append` returns:
 * what the journal says happened did happen, whatever crashes next. A line cut short by a crash is
 * the last one, and is skipped when read back.
 */
export class AppendOnlyFile<Line extends object> {
  private fd?: number;

  constructor(readonly path: string) {}

  readAll(): Line[] {
    if (!existsSync(this.path)) return [];
    return readFileSync(this.path, 'utf8')
      .split('\n')
      .flatMap((text) => {
        if (text.trim() === '') return [];
        try {
          return [JSON.parse(text) as Line];
        } catch {
          return [];
        }
      });
  }

  append(line: Line): void {
    this.fd ??= this.open();
    writeSync(this.fd, `${JSON.stringify(line)}\n`);
    fsyncSync(this.fd);
  }

  /** Replaces the file with `lines` (written beside it, synced, renamed over it): the short form of what it said. */
  rewrite(lines: Line[]): void {
    this.close();
    mkdirSync(dirname(this.path), { recursive: true, mode: 0o700 });
    const next = `${this.path}.next`;
    writeFileSync(next, lines.map((line) => `${JSON.stringify(line)}\n`).join(''), { mode: 0o600 });
    const fd = openSync(next, 'r');
    fsyncSync(fd);
    closeSync(fd);
    renameSync(next, this.path);
    const directory = openSync(dirname(this.path), 'r');
    fsyncSync(directory);
    closeSync(directory);
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }

  private open(): number {
    mkdirSync(dirname(this.path), { recursive: true, mode: 0o700 });
    const fd = openSync(this.path, 'a+', 0o600);
    // A crash mid-append leaves a line without its end: the next line must not be glued to it.
    const size = fstatSync(fd).size;
    if (size > 0) {
      const last = Buffer.alloc(1);
      readSync(fd, last, 0, 1, size - 1);
      if (last[0] !== 0x0a) writeSync(fd, '\n');
    }
    return fd;
  }
}
