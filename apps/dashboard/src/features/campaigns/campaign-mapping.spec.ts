import { CampaignMapping, campaignFormFields, mappingProblems, suggestedMapping, templatePlaceholders, unfilledPlaceholders } from './campaign-mapping';

const base: CampaignMapping = { name: '', phoneColumn: '', text: { kind: 'column', column: '' }, defaultCountry: '', type: 'promotional', route: 'auto', ratePerSecond: '' };
const preview = (header: string[]) => ({ delimiter: ',' as const, header, rows: [] });

describe('suggestedMapping', () => {
  it('picks the phone and message columns by name, ignoring case', () => {
    expect(suggestedMapping(preview(['Name', 'Phone', 'Message']), base)).toMatchObject({ phoneColumn: 'Phone', text: { kind: 'column', column: 'Message' } });
    expect(suggestedMapping(preview(['msisdn', 'body']), base)).toMatchObject({ phoneColumn: 'msisdn', text: { kind: 'column', column: 'body' } });
  });

  it('falls back to the first column for the phone and another one for the text, and keeps a template already written', () => {
    expect(suggestedMapping(preview(['a', 'b']), base)).toMatchObject({ phoneColumn: 'a', text: { kind: 'column', column: 'b' } });
    const withTemplate = { ...base, text: { kind: 'template' as const, text: 'Hi {{name}}' } };
    expect(suggestedMapping(preview(['phone', 'name']), withTemplate).text).toEqual(withTemplate.text);
  });
});

describe('template placeholders', () => {
  it('lists each placeholder once, spaces inside the braces allowed, and those no column fills (ignoring case)', () => {
    expect(templatePlaceholders('Hi {{ name }}, {{code}} is {{name}}; {{ not valid! }}')).toEqual(['name', 'code']);
    expect(unfilledPlaceholders('Hi {{Name}}, your {{code}} ends {{expiry}}', ['phone', 'name', 'CODE'])).toEqual(['expiry']);
  });
});

describe('mappingProblems', () => {
  const header = ['phone', 'name', 'message'];
  it('has none for a mapping the server will accept', () => {
    expect(mappingProblems({ ...base, phoneColumn: 'phone', text: { kind: 'column', column: 'message' } }, preview(header))).toEqual([]);
    expect(mappingProblems({ ...base, phoneColumn: 'phone', text: { kind: 'template', text: 'Hi {{name}}' }, defaultCountry: 'eg' }, preview(header))).toEqual([]);
  });

  it('names what is missing: a placeholder without a column, the same column twice, a bad country, no template chosen', () => {
    expect(mappingProblems({ ...base, phoneColumn: 'phone', text: { kind: 'template', text: 'Hi {{first}} {{last}}' } }, preview(header))).toEqual([
      'No column fills {{first}}, {{last}}.',
    ]);
    expect(mappingProblems({ ...base, phoneColumn: 'phone', text: { kind: 'column', column: 'phone' } }, preview(header))).toEqual([
      'The message column cannot be the phone column.',
    ]);
    expect(mappingProblems({ ...base, phoneColumn: 'phone', text: { kind: 'saved', templateId: '' }, defaultCountry: 'Egypt' }, preview(header))).toEqual([
      'Choose a saved template.',
      'The default country is two letters, e.g. EG.',
    ]);
    expect(mappingProblems({ ...base, phoneColumn: 'mobile', text: { kind: 'template', text: ' ' } }, preview(header))).toEqual([
      'Choose the column that holds the phone numbers.',
      'Write the template.',
    ]);
  });
});

describe('campaignFormFields', () => {
  it('sends the options a draft needs, empty ones left out, the template as written, and start=false', () => {
    expect(
      campaignFormFields({ ...base, name: ' Spring sale ', phoneColumn: 'Phone', text: { kind: 'template', text: 'Hi {{name}} ' }, defaultCountry: 'eg', ratePerSecond: '50' }),
    ).toEqual([
      ['name', 'Spring sale'],
      ['type', 'promotional'],
      ['route', 'auto'],
      ['phoneColumn', 'Phone'],
      ['template', 'Hi {{name}} '],
      ['defaultCountry', 'EG'],
      ['ratePerSecond', '50'],
      ['start', 'false'],
    ]);
    expect(campaignFormFields({ ...base, phoneColumn: 'phone', text: { kind: 'column', column: 'message' }, type: 'transactional', route: 'providers' })).toEqual([
      ['type', 'transactional'],
      ['route', 'providers'],
      ['phoneColumn', 'phone'],
      ['bodyColumn', 'message'],
      ['start', 'false'],
    ]);
    expect(campaignFormFields({ ...base, phoneColumn: 'phone', text: { kind: 'saved', templateId: 't-1' } })).toContainEqual(['templateId', 't-1']);
  });
});
