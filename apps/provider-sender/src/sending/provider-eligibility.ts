import { Injectable, Logger } from '@nestjs/common';
import type { SmsFormat } from '@zagel/contracts';
import { ProviderAccount } from '../accounts/provider-account';
import { ProviderCatalog } from '../accounts/provider-catalog';
import { ProviderAdapter } from '../adapters/provider-adapter';
import { carriesFormat } from '../adapters/registry';
import { CircuitBreaker } from '../health/circuit-breaker';

/** Skip reason of a provider that cannot carry the message's format; the message's error when no provider can. */
export const UNSUPPORTED_TYPE = 'unsupported_type';

export interface SendingNeeds {
  format?: SmsFormat;
}

/** A batch's memo of circuit verdicts: one look per provider account per batch. */
export type CircuitVerdicts = Map<string, Promise<boolean>>;

/** Whether a chain position's provider can take a message now, or why it is skipped. */
@Injectable()
export class ProviderEligibility {
  private readonly logger = new Logger(ProviderEligibility.name);

  constructor(
    private readonly catalog: ProviderCatalog,
    private readonly circuits: CircuitBreaker,
  ) {}

  /**
   * undefined when the provider may take it; else the skip reason (the chain moves on). `message`: what only some
   * providers carry (a format other than text, a sender id that must be registered on the route).
   */
  async reasonToSkip(
    account: ProviderAccount | undefined,
    segments: number,
    verdicts?: CircuitVerdicts,
    message: SendingNeeds = {},
  ): Promise<string | undefined> {
    if (!account) return 'provider_missing';
    if (!account.enabled) return 'provider_disabled';
    if (!carriesFormat(account.kind, message.format)) return UNSUPPORTED_TYPE;
    let adapter: ProviderAdapter;
    try {
      adapter = this.catalog.adapterFor(account);
    } catch (error) {
      // An account this build has no adapter for (or whose stored settings no longer validate) is skipped, not retried.
      this.logger.error(`provider ${account.name}: ${error instanceof Error ? error.message : String(error)}`);
      return 'adapter_unavailable';
    }
    if (segments > (account.maxSegments ?? adapter.maxSegments)) return 'too_many_segments';
    let allowed = verdicts?.get(account.id);
    if (!allowed) {
      allowed = this.circuits.allows(account.id);
      verdicts?.set(account.id, allowed);
    }
    if (!(await allowed)) return 'circuit_open';
    return undefined;
  }
}
