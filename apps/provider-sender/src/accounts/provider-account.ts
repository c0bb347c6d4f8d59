/** A provider account with its settings decrypted: only ever in memory. */
export interface ProviderAccount {
  id: string;
  name: string;
  kind: string;
  settings: Record<string, unknown>;
  enabled: boolean;
  rateLimitPerSecond: number | null;
  maxConcurrency: number | null;
  maxSegments: number | null;
  senderId: string | null;
  createdAt: Date;
  updatedAt: Date;
}
