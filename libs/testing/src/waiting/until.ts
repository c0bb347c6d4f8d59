export interface UntilOptions {
  /** What is awaited, for the failure message: "the message to be delivered". */
  what: string;
  /** How long to keep trying, in ms. Default 30 s: long enough for a loaded machine; a pass returns at once. */
  deadline?: number;
  /** Pause between tries, in ms. Default 50. */
  interval?: number;
}

export class UntilTimeout extends Error {
  constructor(
    what: string,
    deadline: number,
    tries: number,
    /** What the last try threw or returned. */
    readonly last: unknown,
  ) {
    super(`gave up after ${(deadline / 1_000).toFixed(1)} s (${tries} tries) waiting for ${what}; the last try saw: ${describe(last)}`);
    this.name = 'UntilTimeout';
  }
}

function describe(outcome: unknown): string {
  if (outcome instanceof Error) return outcome.message.split('\n').slice(0, 12).join('\n');
  try {
    return JSON.stringify(outcome) ?? String(outcome);
  } catch {
    return String(outcome);
  }
}

/**
 * Tries `predicate` until it returns something other than false, null or undefined without throwing
 * (an `expect` inside it may throw), and returns that; after the deadline fails with what was awaited
 * and what the last try saw. The way a test waits: never a fixed sleep.
 */
export async function until<T>(predicate: () => T | Promise<T>, options: UntilOptions): Promise<Exclude<T, false | null | undefined>> {
  const deadline = options.deadline ?? 30_000;
  const interval = options.interval ?? 50;
  const giveUpAt = Date.now() + deadline;
  let tries = 0;
  for (;;) {
    tries += 1;
    let last: unknown;
    try {
      const value = await predicate();
      if (value !== false && value !== null && value !== undefined) return value as Exclude<T, false | null | undefined>;
      last = value;
    } catch (error) {
      last = error;
    }
    if (Date.now() >= giveUpAt) throw new UntilTimeout(options.what, deadline, tries, last);
    await new Promise((resolve) => setTimeout(resolve, interval));
  }
}
