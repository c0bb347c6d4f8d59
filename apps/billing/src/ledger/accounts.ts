export const WALLET_KINDS = ['customer_wallet', 'reward_wallet'] as const;
export const PLATFORM_ACCOUNT_KINDS = ['platform_revenue', 'stripe_clearing', 'rewards_expense', 'adjustments'] as const;
export type WalletKind = (typeof WALLET_KINDS)[number];
export type PlatformAccountKind = (typeof PLATFORM_ACCOUNT_KINDS)[number];

/** Reward tokens are their own unit: they never mix with money in a transaction's sum. */
export const REWARD_TOKEN_UNIT = 'TOKEN';

/** An account row as the ledger reads it back after a change. */
export interface AccountState {
  id: string;
  ownerId: string | null;
  balance: number;
  reserved: number;
  lowBalanceAlerted: boolean;
}

export interface AccountRow {
  id: string;
  owner_id: string | null;
  balance: string;
  reserved: string;
  low_balance_alerted: boolean;
}

export function toAccountState(row: AccountRow): AccountState {
  return {
    id: row.id,
    ownerId: row.owner_id,
    balance: Number(row.balance),
    reserved: Number(row.reserved),
    lowBalanceAlerted: row.low_balance_alerted,
  };
}

export const ACCOUNT_COLUMNS = 'id, owner_id, balance, reserved, low_balance_alerted';
