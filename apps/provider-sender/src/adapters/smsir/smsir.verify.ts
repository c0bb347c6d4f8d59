import { ProviderError } from '../provider-adapter';
import { parseTemplateCode } from '../shared/template-code';

/** SMS.IR documents at most 25 characters per verify parameter value (its status 114). */
export const SMSIR_PARAMETER_MAX_LENGTH = 25;

function invalid(message: string): ProviderError {
  return new ProviderError('permanent', 'template_variables_invalid', `SMS.IR verify: ${message}`);
}

/**
 * The `/v1/send/verify` body's template part: `templateId` (the numeric code) and one parameter per variable,
 * named like the variable (the `#NAME#` of the SMS.IR template) unless the code maps them (`123456?CODE=code`).
 */
export function verifyFields(templateCode: string, variables: { name: string; value: string }[]): { templateId: number; parameters: { name: string; value: string }[] } {
  const { code, mapping } = parseTemplateCode(templateCode);
  if (!/^\d{1,12}$/.test(code)) throw invalid(`the template code '${code}' is not an SMS.IR template id (a number)`);
  const values = new Map(variables.map((variable) => [variable.name, variable.value]));
  const parameters =
    mapping.size > 0
      ? [...mapping].map(([name, variable]) => {
          const value = values.get(variable);
          if (value === undefined) throw invalid(`the template has no variable '${variable}' for ${name}`);
          return { name, value };
        })
      : variables.map(({ name, value }) => ({ name, value }));
  for (const parameter of parameters) {
    if (parameter.value.length === 0 || parameter.value.length > SMSIR_PARAMETER_MAX_LENGTH) {
      throw invalid(`${parameter.name} must be 1 to ${SMSIR_PARAMETER_MAX_LENGTH} characters`);
    }
  }
  return { templateId: Number(code), parameters };
}
