import { platformMigrations } from '@zagel/database';
import { CreateIngestionSchema1764100000000 } from './1764100000000-create-ingestion-schema';
import { CreateCampaigns1764900000000 } from './1764900000000-create-campaigns';
import { HotStatusUpdates1765100000000 } from './1765100000000-hot-status-updates';
import { CampaignSendWindows1765300000000 } from './1765300000000-campaign-send-windows';
import { RoomForStatusUpdates1765400000000 } from './1765400000000-room-for-status-updates';
import { MessageRateSeconds1765500000000 } from './1765500000000-message-rate-seconds';
import { InboundMessages1766041730000 } from './1766041730000-inbound-messages';
import { SmppSubmissions1766100000014 } from './1766100000014-smpp-submissions';
import { MessageFormats1766100000017 } from './1766100000017-message-formats';
import { CampaignTemplateVariables1767500000200 } from './1767500000200-campaign-template-variables';
import { ScheduledTemplateVariables1767600000000 } from './1767600000000-scheduled-template-variables';
import { TwilioFromFilter1767800000000 } from './1767800000000-twilio-from-filter';
import { CampaignChargesOnceSent1768000000000 } from './1768000000000-campaign-charges-once-sent';

/** Every migration of the ingestion schema, oldest first. */
export const ingestionMigrations = [
  ...platformMigrations,
  CreateIngestionSchema1764100000000,
  CreateCampaigns1764900000000,
  HotStatusUpdates1765100000000,
  CampaignSendWindows1765300000000,
  RoomForStatusUpdates1765400000000,
  MessageRateSeconds1765500000000,
  InboundMessages1766041730000,
  SmppSubmissions1766100000014,
  MessageFormats1766100000017,
  CampaignTemplateVariables1767500000200,
  ScheduledTemplateVariables1767600000000,
  TwilioFromFilter1767800000000,
  CampaignChargesOnceSent1768000000000,
];
