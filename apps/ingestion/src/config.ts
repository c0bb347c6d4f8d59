import { PlatformConfig, SERVICE_PORTS } from '@zagel/config';

/** ingestion settings: the platform's, plus its own as features arrive. */
export class IngestionConfig extends PlatformConfig {
  override PORT: number = SERVICE_PORTS['ingestion'];
}
