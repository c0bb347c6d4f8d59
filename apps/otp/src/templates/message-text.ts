import { OtpLocale } from '@zagel/contracts';
import { BUILTIN_TEMPLATES } from './builtin-templates';

export const CODE_PLACEHOLDER = '{code}';
const PLACEHOLDERS = /\{(code|minutes|app)\}/g;

export interface TemplateValues {
  minutes: number;
  app?: string;
}

/** A template must show the code exactly once, and use no placeholder the platform does not fill. */
export function templateProblem(body: string): string | undefined {
  const codes = body.split(CODE_PLACEHOLDER).length - 1;
  if (codes !== 1) return 'the template must contain {code} exactly once';
  const unknown = body.match(/\{[^}]*\}/g)?.filter((placeholder) => !['{code}', '{minutes}', '{app}'].includes(placeholder));
  if (unknown && unknown.length > 0) return `unknown placeholders ${unknown.join(', ')}: use {code}, {minutes}, {app}`;
  return undefined;
}

/** The built-in text for a locale, with the app name if there is one. */
export function builtinTemplate(locale: OtpLocale, app?: string): string {
  const template = BUILTIN_TEMPLATES[locale];
  return app ? template.withApp : template.withoutApp;
}

/**
 * Fills `{minutes}` and `{app}` but keeps `{code}`, so the stored message text never holds a code
 * and a resend renders the same text again.
 */
export function prepareMessageTemplate(template: string, values: TemplateValues): string {
  return template.replace(PLACEHOLDERS, (placeholder, name: string) => {
    if (name === 'minutes') return String(values.minutes);
    if (name === 'app') return values.app ?? '';
    return placeholder;
  });
}

/**
 * The Android SMS Retriever format (developers.google.com/identity/sms-retriever/verify): the message
 * ends with the app's 11-character hash, here on its own last line.
 */
export function withAppHash(text: string, appHash?: string): string {
  return appHash ? `${text}\n${appHash}` : text;
}

export function renderMessage(preparedTemplate: string, code: string): string {
  return preparedTemplate.split(CODE_PLACEHOLDER).join(code);
}

/** Minutes shown to the user for an expiry: rounded up, at least 1. */
export function expiryMinutes(expirySeconds: number): number {
  return Math.max(1, Math.ceil(expirySeconds / 60));
}
