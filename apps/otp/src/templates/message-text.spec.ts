import { OTP_LOCALES } from '@zagel/contracts';
import { BUILTIN_TEMPLATES } from './builtin-templates';
import { builtinTemplate, expiryMinutes, prepareMessageTemplate, renderMessage, templateProblem, withAppHash } from './message-text';

describe('built-in templates', () => {
  it.each(OTP_LOCALES)('%s renders the code, the minutes and the app', (locale) => {
    const prepared = prepareMessageTemplate(builtinTemplate(locale, 'Souq'), { minutes: 7, app: 'Souq' });
    expect(prepared).toContain('{code}');
    expect(prepared).not.toMatch(/\{(minutes|app)\}/);
    const text = renderMessage(prepared, '482913');
    expect(text).toContain('482913');
    expect(text).toContain('7');
    expect(text).toContain('Souq');
    expect(text).not.toMatch(/[{}]/);
  });

  it.each(OTP_LOCALES)('%s has a text without an app name that is a valid template', (locale) => {
    expect(templateProblem(BUILTIN_TEMPLATES[locale].withApp)).toBeUndefined();
    expect(templateProblem(BUILTIN_TEMPLATES[locale].withoutApp)).toBeUndefined();
    expect(BUILTIN_TEMPLATES[locale].withoutApp).not.toContain('{app}');
    expect(renderMessage(prepareMessageTemplate(builtinTemplate(locale), { minutes: 10 }), '1234')).toContain('1234');
  });
});

describe('customer templates', () => {
  it('fills every placeholder', () => {
    const prepared = prepareMessageTemplate('{app}: {code} (valid {minutes} minutes)', { minutes: 5, app: 'Acme' });
    expect(prepared).toBe('Acme: {code} (valid 5 minutes)');
    expect(renderMessage(prepared, 'AC3D')).toBe('Acme: AC3D (valid 5 minutes)');
  });

  it('refuses a template without the code, with it twice, or with unknown placeholders', () => {
    expect(templateProblem('Welcome to {app}')).toMatch(/\{code\}/);
    expect(templateProblem('{code} {code}')).toMatch(/exactly once/);
    expect(templateProblem('Hi {name}, {code}')).toMatch(/\{name\}/);
    expect(templateProblem('Code: {code}')).toBeUndefined();
  });
});

describe('app hash', () => {
  it('puts the 11-character hash on its own last line', () => {
    const text = withAppHash('Your code is 123456.', 'FA+9qCX9VSu');
    expect(text.split('\n')).toEqual(['Your code is 123456.', 'FA+9qCX9VSu']);
    expect(text.endsWith('FA+9qCX9VSu')).toBe(true);
  });

  it('leaves the text alone without a hash', () => {
    expect(withAppHash('Your code is 123456.')).toBe('Your code is 123456.');
  });
});

describe('expiryMinutes', () => {
  it('rounds up and never shows 0', () => {
    expect(expiryMinutes(600)).toBe(10);
    expect(expiryMinutes(61)).toBe(2);
    expect(expiryMinutes(30)).toBe(1);
  });
});
