import { ProviderTemplate } from '@zagel/contracts';
import { VerificationSettings } from '../settings/verification-settings.repository';

/**
 * The organization's verify templates at providers, for `message.requested`: the code is the template's one
 * variable, `code` (Kavenegar's `token`; SMS.IR's parameter `code`, or another name mapped in the template code,
 * e.g. `100200?CODE=code`). Undefined when the organization set none: the rendered text goes out.
 */
export function providerVerifyTemplate(settings: VerificationSettings, code: string): ProviderTemplate | undefined {
  if (!settings.providerTemplates) return undefined;
  return { providerCodes: settings.providerTemplates, variables: [{ name: 'code', value: code }] };
}
