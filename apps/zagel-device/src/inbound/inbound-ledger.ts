import { AppendOnlyFile } from '../journal/append-only-file';

type LedgerLine = { id: string; at: string };

const KEPT = 2_000;

/** The inbox messages the server acked (by the backend's id): reported once, and never again after a restart. */
export class InboundLedger {
  private readonly file: AppendOnlyFile<LedgerLine>;
  private readonly acked: Set<string>;

  constructor(path: string) {
    this.file = new AppendOnlyFile(path);
    const lines = this.file.readAll();
    this.acked = new Set(lines.map((line) => line.id));
    if (lines.length > KEPT * 2) this.file.rewrite(lines.slice(-KEPT));
  }

  has(id: string): boolean {
    return this.acked.has(id);
  }

  acknowledged(id: string): void {
    if (this.acked.has(id)) return;
    this.file.append({ id, at: new Date().toISOString() });
    this.acked.add(id);
  }

  close(): void {
    this.file.close();
  }
}
