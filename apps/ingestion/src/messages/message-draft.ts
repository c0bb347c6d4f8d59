import { MessageStatus, MessageType, RoutePreference } from '@zagel/contracts';

/** A message ready to store: validated, rendered, measured and priced. */
export interface MessageDraft {
  id: string;
  organizationId: string;
  to: string;
  country: string;
  body: string;
  type: MessageType;
  routePreference: RoutePreference;
  status: Extract<MessageStatus, 'queued' | 'scheduled'>;
  encoding: string;
  segments: number;
  price: number;
  currency: string;
  templateId?: string;
  templateVersion?: number;
  campaignId?: string;
  batchId?: string;
  clientReference?: string;
  callbackUrl?: string;
  metadata?: Record<string, unknown>;
  priority?: number;
  scheduleAt?: Date;
  expiresAt?: Date;
  /** The API key that submitted it over SMPP: its final status becomes that key's delivery receipt. */
  smppKeyId?: string;
  smppReceipt?: boolean;
}
