import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

/** Device credentials, always addressed by device id (and, when issuing, checked against the owner). */
@Injectable()
export class DeviceCredentialsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Records a new jti for the device; false if the device belongs to another owner. */
  async issue(deviceId: string, ownerId: string, jti: string): Promise<boolean> {
    const rows = (await this.dataSource.query(
      `INSERT INTO device_credentials (device_id, owner_id, jti, issued_at) VALUES ($1, $2, $3, now())
       ON CONFLICT (device_id) DO UPDATE SET jti = EXCLUDED.jti, issued_at = now(), revoked_at = NULL
       WHERE device_credentials.owner_id = EXCLUDED.owner_id
       RETURNING device_id`,
      [deviceId, ownerId, jti],
    )) as unknown[];
    return rows.length > 0;
  }

  /** Revokes the device's live credential; the revocation time, or null if there was none. */
  async revoke(manager: EntityManager, deviceId: string): Promise<Date | null> {
    const [rows] = (await manager.query(
      `UPDATE device_credentials SET revoked_at = now() WHERE device_id = $1 AND revoked_at IS NULL RETURNING revoked_at`,
      [deviceId],
    )) as [{ revoked_at: Date }[], number];
    return rows[0]?.revoked_at ?? null;
  }
}
