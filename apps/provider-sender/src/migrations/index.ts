import { platformMigrations } from '@zagel/database';
import { CreateProviderSenderSchema1764500000000 } from './1764500000000-create-provider-sender-schema';
import { AddDeliveryOrigin1764900000000 } from './1764900000000-add-delivery-origin';
import { BulkDeliveries1765000000000 } from './1765000000000-bulk-deliveries';
import { RoomForDeliveryUpdates1765100000000 } from './1765100000000-room-for-delivery-updates';
import { SystemDeliveryOrigin1766041735292 } from './1766041735292-system-delivery-origin';
import { RouteSenders1766100000017 } from './1766100000017-route-senders';
import { DeliveryPolls1767300000016 } from './1767300000016-delivery-polls';
import { AttemptsRecordedBy1766100000012 } from './1766100000012-attempts-recorded-by';

/** Every migration of the provider-sender schema, oldest first. */
export const providerSenderMigrations = [
  ...platformMigrations,
  CreateProviderSenderSchema1764500000000,
  AddDeliveryOrigin1764900000000,
  BulkDeliveries1765000000000,
  RoomForDeliveryUpdates1765100000000,
  SystemDeliveryOrigin1766041735292,
  RouteSenders1766100000017,
  DeliveryPolls1767300000016,
  AttemptsRecordedBy1766100000012,
];
