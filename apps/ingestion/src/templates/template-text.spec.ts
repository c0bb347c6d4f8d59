import { declaredVariables, renderTemplate } from './template-text';

describe('template text', () => {
  it('lists each declared variable once', () => {
    expect(declaredVariables('Hi {{name}}, your code is {{ code }}. Bye {{name}}')).toEqual(['name', 'code']);
  });

  it('fills placeholders with strings and numbers', () => {
    expect(renderTemplate('Code {{code}} for {{ app }}', { code: 123456, app: 'Zagel' })).toEqual({
      ok: true,
      text: 'Code 123456 for Zagel',
    });
  });

  it('names every missing variable (empty counts as missing)', () => {
    expect(renderTemplate('{{a}} {{b}} {{c}}', { a: 'x', b: '' })).toEqual({ ok: false, missing: ['b', 'c'] });
  });

  it('does not read inherited properties as values', () => {
    expect(renderTemplate('{{constructor}}', {})).toEqual({ ok: false, missing: ['constructor'] });
  });
});
