export const WalletsErrorCode = {
  AdjustmentConflict: 'adjustment_conflict',
} as const;
