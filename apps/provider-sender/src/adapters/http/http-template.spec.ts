import { renderTemplate, type TemplateValues } from './http-template';

const values: TemplateValues = {
  to: '+14155550100',
  body: 'Say "hi" & 50% off\nnow',
  messageId: 'm-1',
  from: 'Zagel',
  reportUrl: 'https://zagel.example/r?a=1',
};

describe('renderTemplate', () => {
  it('escapes JSON string contents so the body stays valid JSON', () => {
    const rendered = renderTemplate('{"to":"{{to}}","text":"{{body}}","ref":"{{ messageId }}"}', values, 'json');
    expect(JSON.parse(rendered)).toEqual({ to: '+14155550100', text: 'Say "hi" & 50% off\nnow', ref: 'm-1' });
  });

  it('percent-encodes form values and URL parts', () => {
    const form = new URLSearchParams(renderTemplate('to={{to}}&text={{body}}&cb={{reportUrl}}', values, 'form'));
    expect(form.get('to')).toBe('+14155550100');
    expect(form.get('text')).toBe('Say "hi" & 50% off\nnow');
    expect(form.get('cb')).toBe('https://zagel.example/r?a=1');
    expect(renderTemplate('https://gw/send?to={{to}}', values, 'url')).toBe('https://gw/send?to=%2B14155550100');
  });

  it('refuses a line break in a header', () => {
    expect(renderTemplate('Bearer {{from}}', values, 'header')).toBe('Bearer Zagel');
    expect(() => renderTemplate('{{body}}', values, 'header')).toThrow(/line break/);
  });
});
