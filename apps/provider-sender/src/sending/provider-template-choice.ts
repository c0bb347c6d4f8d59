import { ProviderTemplate } from '@zagel/contracts';
import { ProviderAccount } from '../accounts/provider-account';
import type { ProviderCatalog } from '../accounts/provider-catalog';
import { ProviderAdapter } from '../adapters/provider-adapter';

/** The error a provider with a template API is passed over with when the message's template has no code for it. */
export const TEMPLATE_CODE_MISSING = 'template_code_missing';

/** The template's code for this account: by the account's name first, then by its kind (`smsir`, `kavenegar`). */
export function templateCodeFor(template: ProviderTemplate, account: Pick<ProviderAccount, 'name' | 'kind'>): string | undefined {
  const codes = template.providerCodes;
  const own = (key: string) => (Object.prototype.hasOwnProperty.call(codes, key) ? codes[key] : undefined);
  return own(account.name) ?? own(account.kind);
}

export type TemplateChoice = { send: 'template'; code: string } | { send: 'text' } | { send: 'nothing'; reason: typeof TEMPLATE_CODE_MISSING };

/**
 * How one provider of the chain sends a templated message. A provider with a template API and a code uses it;
 * one without a code is passed over while a later provider of the chain has a code (the organization registered
 * the template there: pre-approved templates are what Iranian operators let through for OTPs), and otherwise
 * sends the rendered text like a provider without a template API.
 */
export function chooseTemplate(
  template: ProviderTemplate | undefined,
  adapter: Pick<ProviderAdapter, 'sendTemplate'>,
  account: Pick<ProviderAccount, 'name' | 'kind'>,
  laterAccounts: Array<Pick<ProviderAccount, 'name' | 'kind'>>,
): TemplateChoice {
  if (!template || !adapter.sendTemplate) return { send: 'text' };
  const code = templateCodeFor(template, account);
  if (code !== undefined) return { send: 'template', code };
  return laterAccounts.some((later) => templateCodeFor(template, later) !== undefined) ? { send: 'nothing', reason: TEMPLATE_CODE_MISSING } : { send: 'text' };
}

/**
 * A batch's choices: its recipients share the template's codes, so the choice is the same for every recipient
 * of a chain at a position, and is made once.
 */
export class BatchTemplateChoices {
  private readonly made = new Map<string, Promise<TemplateChoice>>();

  constructor(private readonly catalog: Pick<ProviderCatalog, 'account' | 'adapterFor'>) {}

  of(template: ProviderTemplate, chain: string[], position: number, account: ProviderAccount): Promise<TemplateChoice> {
    const key = `${chain.join(',')}|${position}`;
    let choice = this.made.get(key);
    if (!choice) {
      choice = Promise.all(chain.slice(position + 1).map((id) => this.catalog.account(id))).then((later) =>
        chooseTemplate(template, this.catalog.adapterFor(account), account, later.filter((found) => found !== undefined)),
      );
      this.made.set(key, choice);
    }
    return choice;
  }
}
