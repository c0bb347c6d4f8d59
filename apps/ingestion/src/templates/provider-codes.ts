import { IngestionErrorCode } from '@zagel/contracts';
import { IngestionError } from '../shared/ingestion-error';

/** A template's per-provider template codes, checked: provider names to codes (strings). */
export function providerCodes(codes: Record<string, unknown> | undefined): Record<string, string> {
  const entries = Object.entries(codes ?? {});
  const invalid = entries.filter(([provider, code]) => !/^[a-z0-9_-]{1,40}$/.test(provider) || typeof code !== 'string' || code.length > 200);
  if (invalid.length > 0) {
    throw new IngestionError(IngestionErrorCode.InvalidTemplate, 'providerCodes maps provider names to template codes (strings)', {
      reasons: invalid.map(([provider]) => provider),
    });
  }
  return Object.fromEntries(entries) as Record<string, string>;
}
