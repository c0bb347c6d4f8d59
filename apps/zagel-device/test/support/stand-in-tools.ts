import { mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { until } from '@zagel/testing';

/** The stand-in `termux-*` and `mmcli` executables (test/fixtures/bin), put first on PATH for the agent. */
export const STAND_IN_BIN = join(__dirname, '..', 'fixtures', 'bin');

export interface ToolCall {
  tool: string;
  args: string[];
  at: string;
}

export interface StoredSms {
  id: number;
  box: 'inbox' | 'sent' | 'modem';
  number: string;
  body: string;
  at: string;
  state: string;
}

interface StandInState {
  withStore<T>(change: (store: { nextId: number; messages: StoredSms[] }) => T): T;
  readStore(): { nextId: number; messages: StoredSms[] };
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { open } = require(join(STAND_IN_BIN, 'stand-in-state.js')) as { open(dir: string): StandInState };

/** One phone's (or modem's) worth of stand-in tools: what they were asked, the SIM's messages, and switches. */
export class StandInTools {
  readonly dir = mkdtempSync(join(tmpdir(), 'zagel-stand-in-'));
  private readonly state = open(this.dir);

  /** The environment the agent runs with: the stand-ins first on PATH. */
  get env(): Record<string, string> {
    return { PATH: `${STAND_IN_BIN}:${process.env.PATH ?? ''}`, ZAGEL_STAND_IN_STATE: this.dir };
  }

  calls(tool?: string): ToolCall[] {
    const path = join(this.dir, 'calls.jsonl');
    if (!existsSync(path)) return [];
    const calls = readFileSync(path, 'utf8')
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as ToolCall);
    return tool ? calls.filter((call) => call.tool === tool) : calls;
  }

  /** An SMS arrives on the SIM. */
  receive(from: string, body: string, at = new Date()): number {
    return this.state.withStore((store) => {
      const id = store.nextId++;
      store.messages.push({ id, box: 'inbox', number: from, body, at: at.toISOString(), state: 'received' });
      return id;
    });
  }

  messages(box?: StoredSms['box']): StoredSms[] {
    const all = this.state.readStore().messages;
    return box ? all.filter((sms) => sms.box === box) : all;
  }

  /** Sends reach the network, then the tool hangs (until killed). */
  holdSends(on: boolean): void {
    this.flag('hold-send', on);
  }

  failSends(on: boolean): void {
    this.flag('fail-send', on);
  }

  /** The pid of a stand-in hanging after its send, if one is. */
  holding(): number | undefined {
    const path = join(this.dir, 'holding');
    return existsSync(path) ? Number(readFileSync(path, 'utf8')) : undefined;
  }

  /**
   * A stand-in still ending (a poll or a battery read of an agent just stopped) may write here while
   * the directory goes: removed again, its new files too, until it is gone.
   */
  async remove(): Promise<void> {
    await until(
      () => {
        try {
          rmSync(this.dir, { recursive: true, force: true });
          return true;
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code === 'ENOTEMPTY') return false;
          throw error;
        }
      },
      { what: `${this.dir} to be removed`, deadline: 10_000, interval: 50 },
    );
  }

  private flag(name: string, on: boolean): void {
    const path = join(this.dir, name);
    if (on) writeFileSync(path, '');
    else if (existsSync(path)) unlinkSync(path);
  }
}
