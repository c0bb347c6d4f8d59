import { ProviderError } from '../provider-adapter';
import { parseTemplateCode } from '../shared/template-code';

/** Kavenegar's verify/lookup token parameters, in the order unnamed variables fill them. */
export const KAVENEGAR_TOKENS = ['token', 'token2', 'token3', 'token10', 'token20'] as const;
type Token = (typeof KAVENEGAR_TOKENS)[number];

/** Kavenegar's documented limits: token, token2 and token3 without spaces; token10 up to 5 spaces, token20 up to 8. */
const MAX_SPACES: Record<Token, number> = { token: 0, token2: 0, token3: 0, token10: 5, token20: 8 };
export const KAVENEGAR_TOKEN_MAX_LENGTH = 100;

function invalid(message: string): ProviderError {
  return new ProviderError('permanent', 'template_variables_invalid', `Kavenegar lookup: ${message}`);
}

/**
 * The verify/lookup fields for a template: `template` from the code, tokens from the variables. A code
 * `verify?token=code&token10=name` maps explicitly; otherwise variables named like a token take that token
 * and the others fill the free tokens in declared order (token, token2, token3, token10, token20).
 */
export function lookupFields(templateCode: string, variables: { name: string; value: string }[]): { template: string; tokens: Partial<Record<Token, string>> } {
  const { code, mapping } = parseTemplateCode(templateCode);
  if (!code) throw invalid('the template code is empty');
  const values = new Map(variables.map((variable) => [variable.name, variable.value]));
  const tokens: Partial<Record<Token, string>> = {};
  if (mapping.size > 0) {
    for (const [param, variable] of mapping) {
      if (!(KAVENEGAR_TOKENS as readonly string[]).includes(param)) throw invalid(`'${param}' is not a lookup token`);
      const value = values.get(variable);
      if (value === undefined) throw invalid(`the template has no variable '${variable}' for ${param}`);
      tokens[param as Token] = value;
    }
  } else {
    const rest: string[] = [];
    for (const { name, value } of variables) {
      if ((KAVENEGAR_TOKENS as readonly string[]).includes(name)) tokens[name as Token] = value;
      else rest.push(value);
    }
    const free = KAVENEGAR_TOKENS.filter((token) => tokens[token] === undefined);
    if (rest.length > free.length) throw invalid(`${variables.length} variables, but a lookup takes at most ${KAVENEGAR_TOKENS.length} tokens`);
    rest.forEach((value, index) => (tokens[free[index] as Token] = value));
  }
  if (tokens.token === undefined) throw invalid('token is required');
  for (const token of KAVENEGAR_TOKENS) {
    const value = tokens[token];
    if (value === undefined) continue;
    if (value.length === 0 || value.length > KAVENEGAR_TOKEN_MAX_LENGTH) throw invalid(`${token} must be 1 to ${KAVENEGAR_TOKEN_MAX_LENGTH} characters`);
    const spaces = (value.match(/\s/g) ?? []).length;
    if (spaces > MAX_SPACES[token]) {
      throw invalid(MAX_SPACES[token] === 0 ? `${token} may not contain spaces` : `${token} may contain at most ${MAX_SPACES[token]} spaces`);
    }
  }
  return { template: code, tokens };
}
