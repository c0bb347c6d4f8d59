import { zxcvbn, zxcvbnOptions } from '@zxcvbn-ts/core';
import { adjacencyGraphs, dictionary } from '@zxcvbn-ts/language-common';

export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 256;
/** zxcvbn's 0–4 scale; 3 is "safely unguessable: moderate protection from offline slow-hash scenario". */
export const PASSWORD_MIN_SCORE = 3;

export type PasswordProblem = 'too_short' | 'too_long' | 'too_common' | 'contains_personal_data';

zxcvbnOptions.setOptions({ dictionary, graphs: adjacencyGraphs });

export interface PasswordOwner {
  email: string;
  name: string;
}

/** Why a password is refused; empty when it is acceptable. */
export function passwordProblems(password: string, owner: PasswordOwner): PasswordProblem[] {
  const problems: PasswordProblem[] = [];
  if (password.length < PASSWORD_MIN_LENGTH) problems.push('too_short');
  if (password.length > PASSWORD_MAX_LENGTH) problems.push('too_long');
  const lowered = password.toLowerCase();
  const localPart = owner.email.split('@')[0].toLowerCase();
  const personal = [owner.email.toLowerCase(), localPart, ...owner.name.toLowerCase().split(/\s+/)].filter((part) => part.length >= 3);
  if (personal.some((part) => lowered.includes(part))) problems.push('contains_personal_data');
  if (password.length <= PASSWORD_MAX_LENGTH && zxcvbn(password, personal).score < PASSWORD_MIN_SCORE) problems.push('too_common');
  return problems;
}
