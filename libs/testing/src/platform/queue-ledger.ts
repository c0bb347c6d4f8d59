import { readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPOSITORY_ROOT } from './repository-root';

/** Preloaded into every service process of a test platform (`node -r`): records the queues and exchanges it declares. */
export const QUEUE_LEDGER_PRELOAD = join(REPOSITORY_ROOT, 'libs', 'testing', 'queue-ledger.js');

interface LedgerModule {
  recordDeclarationsTo(file: string): () => void;
}

/**
 * Every queue and exchange a test platform's processes (and its own buses in this process) declared,
 * read back from one file. RabbitMQ cannot list queues over AMQP, and queue names depend on lanes and
 * instances only the services know: recording what was declared is the exact list.
 */
export class QueueLedger {
  readonly file: string;
  private stopRecording?: () => void;

  constructor(private readonly namespace: string) {
    this.file = join(tmpdir(), `zagel-${namespace}-declarations.txt`);
  }

  /** Environment that makes a service process record into this ledger. */
  get env(): Record<string, string> {
    return { ZAGEL_TEST_QUEUE_LEDGER: this.file };
  }

  async open(): Promise<void> {
    await writeFile(this.file, '');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const ledger = require(QUEUE_LEDGER_PRELOAD) as LedgerModule;
    this.stopRecording = ledger.recordDeclarationsTo(this.file);
  }

  /** Each recorded queue of the namespace once, in the order first declared. */
  queues(): Promise<string[]> {
    return this.declared('queue');
  }

  exchanges(): Promise<string[]> {
    return this.declared('exchange');
  }

  private async declared(kind: 'queue' | 'exchange'): Promise<string[]> {
    const text = await readFile(this.file, 'utf8').catch(() => '');
    const prefix = `${kind} ${this.namespace}.`;
    return [...new Set(text.split('\n').filter((line) => line.startsWith(prefix)).map((line) => line.slice(kind.length + 1)))];
  }

  async close(): Promise<void> {
    this.stopRecording?.();
    await rm(this.file, { force: true });
  }
}
