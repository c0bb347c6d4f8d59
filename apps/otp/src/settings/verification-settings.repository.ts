import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ExpiringCache } from '@zagel/concurrency';
import { VerificationSettingsView } from '@zagel/contracts';

interface SettingsRow {
  organization_id: string;
  allowed_countries: string[];
  app_name: string | null;
  provider_templates: Record<string, string> | null;
  updated_at: Date;
}

export interface VerificationSettings {
  allowedCountries: string[];
  appName?: string;
  /** Verify templates at providers (provider kind or account name → code); absent when none is set. */
  providerTemplates?: Record<string, string>;
}

function hasCodes(codes: Record<string, string> | null | undefined): codes is Record<string, string> {
  return codes !== null && codes !== undefined && Object.keys(codes).length > 0;
}

function toView(row: SettingsRow): VerificationSettingsView {
  return {
    organizationId: row.organization_id,
    allowedCountries: row.allowed_countries,
    ...(row.app_name && { appName: row.app_name }),
    ...(hasCodes(row.provider_templates) && { providerTemplates: row.provider_templates }),
    updatedAt: row.updated_at.toISOString(),
  };
}

/**
 * How long an instance uses an organization's settings without reading them again. The instance that
 * writes them forgets its copy at once; the others converge within this time.
 */
export const SETTINGS_CACHE_MS = 5_000;

/** An organization's verification settings; an organization that never set any allows every country. */
@Injectable()
export class VerificationSettingsRepository {
  private readonly cache = new ExpiringCache<VerificationSettings>(10_000);

  constructor(private readonly dataSource: DataSource) {}

  /** The settings a start applies, from the instance's cache (no database round trip on the hot path). */
  async get(organizationId: string): Promise<VerificationSettings> {
    const cached = this.cache.get(organizationId);
    if (cached) return cached;
    const rows = (await this.dataSource.query(`SELECT * FROM verification_settings WHERE organization_id = $1`, [organizationId])) as SettingsRow[];
    const row = rows[0];
    const settings = {
      allowedCountries: row?.allowed_countries ?? [],
      ...(row?.app_name && { appName: row.app_name }),
      ...(hasCodes(row?.provider_templates) && { providerTemplates: row?.provider_templates }),
    };
    this.cache.set(organizationId, settings, SETTINGS_CACHE_MS);
    return settings;
  }

  async view(organizationId: string): Promise<VerificationSettingsView> {
    const rows = (await this.dataSource.query(`SELECT * FROM verification_settings WHERE organization_id = $1`, [organizationId])) as SettingsRow[];
    return rows[0] ? toView(rows[0]) : { organizationId, allowedCountries: [], updatedAt: new Date(0).toISOString() };
  }

  async put(organizationId: string, settings: VerificationSettings): Promise<VerificationSettingsView> {
    const rows = (await this.dataSource.query(
      `INSERT INTO verification_settings (organization_id, allowed_countries, app_name, provider_templates, updated_at) VALUES ($1, $2, $3, $4, now())
       ON CONFLICT (organization_id) DO UPDATE SET allowed_countries = EXCLUDED.allowed_countries, app_name = EXCLUDED.app_name,
         provider_templates = EXCLUDED.provider_templates, updated_at = now()
       RETURNING *`,
      [organizationId, settings.allowedCountries, settings.appName ?? null, JSON.stringify(settings.providerTemplates ?? {})],
    )) as SettingsRow[];
    this.cache.delete(organizationId);
    return toView(rows[0] as SettingsRow);
  }
}
