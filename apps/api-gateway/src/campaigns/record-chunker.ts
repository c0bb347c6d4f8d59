/**
 * Cuts a CSV byte stream into chunks of whole records without parsing it: a line feed ends a record
 * unless it is inside double quotes (an escaped quote `""` toggles twice, so the state stays right).
 * Cutting on a line feed never splits a UTF-8 character, so each chunk decodes on its own.
 */
export class RecordChunker {
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private inQuotes = false;
  /** Lines before the next chunk (1-based line of its first record = linesBefore + 1). */
  private linesBefore = 0;

  constructor(private readonly chunkBytes: number) {}

  /** Takes the next piece of the stream; answers the chunks it completes, each with its first line. */
  push(piece: Buffer): { bytes: Buffer; firstLine: number }[] {
    const out: { bytes: Buffer; firstLine: number }[] = [];
    let start = 0;
    for (let index = 0; index < piece.length; index += 1) {
      const byte = piece[index];
      if (byte === 0x22) this.inQuotes = !this.inQuotes;
      else if (byte === 0x0a && !this.inQuotes) {
        if (this.pendingBytes + (index + 1 - start) >= this.chunkBytes) {
          out.push(this.take(piece.subarray(start, index + 1)));
          start = index + 1;
        }
      }
    }
    if (start < piece.length) {
      this.pending.push(piece.subarray(start));
      this.pendingBytes += piece.length - start;
    }
    return out;
  }

  /** Bytes held that do not end in a record boundary yet. */
  get heldBytes(): number {
    return this.pendingBytes;
  }

  /** What is left at the end of the stream (the last record may lack its line end). */
  end(): { bytes: Buffer; firstLine: number } | undefined {
    if (this.pendingBytes === 0) return undefined;
    return this.take(Buffer.alloc(0));
  }

  private take(tail: Buffer): { bytes: Buffer; firstLine: number } {
    const bytes = this.pending.length === 0 ? tail : Buffer.concat([...this.pending, tail]);
    this.pending = [];
    this.pendingBytes = 0;
    const firstLine = this.linesBefore + 1;
    for (let index = bytes.indexOf(0x0a); index >= 0; index = bytes.indexOf(0x0a, index + 1)) this.linesBefore += 1;
    return { bytes, firstLine };
  }
}
