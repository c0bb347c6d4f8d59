import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { PoolDispatcherConfig } from '../config';
import { NO_PROOFS, ProofTally } from './proven-delivery-rate';

export type ProofKind = 'otp_verified' | 'canary_arrived' | 'canary_missed';

export interface DeliveryProof {
  kind: ProofKind;
  /** The verified OTP's message, or the canary. */
  reference: string;
  deviceId: string;
  proven: boolean;
}

interface TallyRow {
  key: string;
  proven: string;
  failed: string;
  canaries: number;
}

/**
 * Each phone's evidence, one row per proof (a redelivered event records nothing twice), read as
 * weighted tallies over the window, counted from the phone's `proofs_since`.
 */
@Injectable()
export class DeliveryProofsRepository {
  constructor(
    private readonly dataSource: DataSource,
    private readonly settings: PoolDispatcherConfig,
  ) {}

  /** The proofs that are new (a proof recorded before is not recorded again). */
  async record(manager: EntityManager, proofs: readonly DeliveryProof[]): Promise<DeliveryProof[]> {
    if (proofs.length === 0) return [];
    const rows = (await manager.query(
      `INSERT INTO delivery_proofs (kind, reference, device_id, proven)
       SELECT * FROM unnest($1::text[], $2::uuid[], $3::uuid[], $4::boolean[])
       ON CONFLICT (kind, reference) DO NOTHING RETURNING kind, reference`,
      [proofs.map((proof) => proof.kind), proofs.map((proof) => proof.reference), proofs.map((proof) => proof.deviceId), proofs.map((proof) => proof.proven)],
    )) as { kind: string; reference: string }[];
    const fresh = new Set(rows.map((row) => `${row.kind}:${row.reference}`));
    return proofs.filter((proof) => fresh.has(`${proof.kind}:${proof.reference}`));
  }

  /** Each phone's tally (phones without evidence are absent). */
  async tallies(deviceIds: readonly string[]): Promise<Map<string, ProofTally>> {
    if (deviceIds.length === 0) return new Map();
    const rows: TallyRow[] = await this.dataSource.query(
      `SELECT p.device_id::text AS key, ${AGGREGATES}
       FROM delivery_proofs p JOIN devices d ON d.id = p.device_id
       WHERE p.device_id = ANY($1::uuid[]) AND ${IN_WINDOW}
       GROUP BY p.device_id`,
      [deviceIds, this.settings.DEVICE_PROOF_WINDOW_HOURS, this.settings.DEVICE_PROOF_OTP_WEIGHT],
    );
    return new Map(rows.map((row) => [row.key, tallyOf(row)]));
  }

  /**
   * The evidence of the other phones of a country that are neither quarantined nor banned, split
   * into those of the given carrier and the rest.
   */
  async poolTallies(deviceId: string, country: string, carrier: string | null): Promise<{ sameCarrier: ProofTally; restOfCountry: ProofTally }> {
    const rows: TallyRow[] = await this.dataSource.query(
      `SELECT (d.carrier IS NOT DISTINCT FROM $5)::text AS key, ${AGGREGATES}
       FROM delivery_proofs p JOIN devices d ON d.id = p.device_id
       WHERE d.country = $4 AND d.id <> $1 AND d.quarantined_at IS NULL AND d.banned_at IS NULL AND ${IN_WINDOW}
       GROUP BY 1`,
      [deviceId, this.settings.DEVICE_PROOF_WINDOW_HOURS, this.settings.DEVICE_PROOF_OTP_WEIGHT, country, carrier],
    );
    const byKey = new Map(rows.map((row) => [row.key, tallyOf(row)]));
    return { sameCarrier: byKey.get('true') ?? NO_PROOFS, restOfCountry: byKey.get('false') ?? NO_PROOFS };
  }
}

// $2: the window in hours; $3: what a verified OTP weighs.
const IN_WINDOW = `p.at > now() - make_interval(hours => $2::int) AND (d.proofs_since IS NULL OR p.at >= d.proofs_since)`;
const AGGREGATES = `
  coalesce(sum(CASE WHEN p.kind = 'otp_verified' THEN $3::float8 ELSE 1 END) FILTER (WHERE p.proven), 0) AS proven,
  count(*) FILTER (WHERE NOT p.proven) AS failed,
  (count(*) FILTER (WHERE p.kind <> 'otp_verified'))::int AS canaries`;

function tallyOf(row: TallyRow): ProofTally {
  return { proven: Number(row.proven), failed: Number(row.failed), canaries: row.canaries };
}
