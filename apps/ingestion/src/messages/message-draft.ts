import { MessagePriority, MessageStatus, MessageType, ProviderTemplate, RoutePreference, SmsFormat } from '@zagel/contracts';

/** A message ready to store: validated, rendered, measured and priced. */
export interface MessageDraft {
  id: string;
  organizationId: string;
  to: string;
  country: string;
  body: string;
  type: MessageType;
  format: SmsFormat;
  /** A binary message's user data header (hex). */
  udh?: string;
  /** The sender id or number asked for. */
  from?: string;
  routePreference: RoutePreference;
  status: Extract<MessageStatus, 'queued' | 'scheduled'>;
  encoding: string;
  segments: number;
  price: number;
  currency: string;
  templateId?: string;
  templateVersion?: number;
  /** Set when the template has codes at providers: carried to the router (single sends, batches, campaign chunks), never stored. */
  providerTemplate?: ProviderTemplate;
  campaignId?: string;
  batchId?: string;
  clientReference?: string;
  callbackUrl?: string;
  metadata?: Record<string, unknown>;
  priority?: MessagePriority;
  scheduleAt?: Date;
  expiresAt?: Date;
  /** The API key that submitted it over SMPP: its final status becomes that key's delivery receipt. */
  smppKeyId?: string;
  smppReceipt?: boolean;
}
