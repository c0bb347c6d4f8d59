import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

/** A proof code sent to a claimed number (its HMAC only). */
export interface DeviceProofRow {
  id: string;
  device_id: string;
  phone_number: string;
  code_hmac: Buffer;
  message_id: string;
  attempts: number;
  sent_at: Date;
  expires_at: Date;
  used_at: Date | null;
}

/** Every proof code sent: the latest per phone is the one that counts. */
@Injectable()
export class DeviceProofsRepository {
  /** Serializes the proofs of one number (sends, tries) until the transaction ends. */
  async lockNumber(manager: EntityManager, phoneNumber: string): Promise<void> {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtext('device-proof:' || $1))`, [phoneNumber]);
  }

  async insert(manager: EntityManager, proof: Omit<DeviceProofRow, 'attempts' | 'used_at'>): Promise<void> {
    await manager.query(
      `INSERT INTO device_proofs (id, device_id, phone_number, code_hmac, message_id, sent_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [proof.id, proof.device_id, proof.phone_number, proof.code_hmac, proof.message_id, proof.sent_at, proof.expires_at],
    );
  }

  async latestFor(manager: EntityManager, deviceId: string): Promise<DeviceProofRow | null> {
    const rows = (await manager.query(`SELECT * FROM device_proofs WHERE device_id = $1 ORDER BY sent_at DESC LIMIT 1 FOR UPDATE`, [deviceId])) as DeviceProofRow[];
    return rows[0] ?? null;
  }

  async sentToNumberSince(manager: EntityManager, phoneNumber: string, since: Date): Promise<number> {
    const [row] = (await manager.query(`SELECT count(*)::int AS sent FROM device_proofs WHERE phone_number = $1 AND sent_at > $2`, [phoneNumber, since])) as { sent: number }[];
    return row.sent;
  }

  async countAttempt(manager: EntityManager, id: string): Promise<number> {
    const [rows] = (await manager.query(`UPDATE device_proofs SET attempts = attempts + 1 WHERE id = $1 RETURNING attempts`, [id])) as [{ attempts: number }[], number];
    return rows[0].attempts;
  }

  async markUsed(manager: EntityManager, deviceId: string, at: Date): Promise<void> {
    await manager.query(`UPDATE device_proofs SET used_at = $2 WHERE device_id = $1 AND used_at IS NULL`, [deviceId, at]);
  }
}
