import { MessageStatus, MessageType, ProviderTemplate, RoutePreference } from '@zagel/contracts';

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
  /** Set when the template has codes at providers: carried to the router, never stored (single sends only). */
  providerTemplate?: ProviderTemplate;
  campaignId?: string;
  batchId?: string;
  clientReference?: string;
  callbackUrl?: string;
  metadata?: Record<string, unknown>;
  priority?: number;
  scheduleAt?: Date;
  expiresAt?: Date;
}
