import { Schema } from '@zagel/sdk';

type Reward = Schema<'RewardView'>;

export interface DailyEarnings {
  /** The UTC day, YYYY-MM-DD. */
  day: string;
  tokens: number;
  messages: number;
}

/** Reward tokens per UTC day, newest day first (the rewards list is newest first, in pages). */
export function earningsByDay(rewards: readonly Reward[]): DailyEarnings[] {
  const days = new Map<string, DailyEarnings>();
  for (const reward of rewards) {
    const day = reward.createdAt.slice(0, 10);
    const entry = days.get(day) ?? { day, tokens: 0, messages: 0 };
    entry.tokens += reward.tokens;
    entry.messages += 1;
    days.set(day, entry);
  }
  return [...days.values()].sort((a, b) => b.day.localeCompare(a.day));
}

/** A success rate (0..1, or none before the first finished send) as a person reads it. */
export function percent(rate: number | null | undefined): string {
  return rate === null || rate === undefined ? 'no sends yet' : `${Math.round(rate * 100)}%`;
}
