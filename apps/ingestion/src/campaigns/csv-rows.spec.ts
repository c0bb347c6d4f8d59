import { CampaignOptions } from '@zagel/contracts';
import { CampaignError } from './campaign.errors';
import { headerLength, layoutOf } from './csv-layout';
import { isRefused, KeptRow, parseRows, RefusedRow } from './csv-rows';

/** Every row of a text, kept and refused apart. */
const rowsOf = (...args: Parameters<typeof parseRows>) => {
  const rows = [...parseRows(...args)];
  return { kept: rows.filter((row): row is KeptRow => !isRefused(row)), refused: rows.filter(isRefused) as RefusedRow[] };
};

const layout = (header: string, options: CampaignOptions = {}, template?: string) => layoutOf(`${header}\n`, options, template ? { text: template } : undefined);
const faultOf = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    return error instanceof CampaignError ? error.code : String(error);
  }
  return 'none';
};

describe('the header row', () => {
  it('detects semicolons, finds columns in any case, and maps template placeholders to columns', () => {
    const found = layout('Phone;Name;Code', {}, 'Hi {{name}} {{code}}');
    expect(found).toMatchObject({ delimiter: ';', phoneIndex: 0, template: { variables: { name: 1, code: 2 } } });
    expect(headerLength('\uFEFFphone,message\r\nx')).toBe('\uFEFFphone,message\r\n'.length);
  });

  it.each([
    ['+14155550123,Hello', {}, undefined, 'no_header'],
    ['mobile,message', {}, undefined, 'no_phone_column'],
    ['phone,text', {}, undefined, 'no_body_column'],
    ['phone,name', {}, 'Hi {{name}} {{coupon}}', 'unknown_template_variables'],
    ['', {}, undefined, 'no_header'],
  ])('refuses %j as a whole-file fault', (header, options, template, code) => {
    expect(faultOf(() => layout(header, options, template))).toBe(code);
  });
});

describe('the row rules', () => {
  it('keeps each valid row with its line, and refuses the others with line, code and reason', () => {
    const rows = rowsOf('+14155550123,Hi\nbad,Hi\n\n+14155550124,\n+14155550125,a,b\n+14155550126,"x\r\ny"\n+14155550127,ok\n', 2, layout('phone,message'));
    expect(rows.kept.map(({ line, phone, body }) => [line, phone, body])).toEqual([
      [2, '+14155550123', 'Hi'],
      [7, '+14155550126', 'x\ny'],
      [9, '+14155550127', 'ok'],
    ]);
    expect(rows.refused.map(({ line, code }) => [line, code])).toEqual([
      [3, 'invalid_phone_number'],
      [5, 'empty_body'],
      [6, 'malformed_line'],
    ]);
  });

  it("keeps each row's template variables, in the template's order, only when the template has codes at providers", () => {
    const text = 'Hi {{name}}, order {{order}}';
    const withCodes = layoutOf('phone,order,name\n', {}, { text, providerCodes: { kavenegar: 'order' } });
    const rows = rowsOf(`+14155550123,41,Sara\n+14155550124,42,${'x'.repeat(501)}\n`, 2, withCodes);
    expect(rows.kept.map((row) => [row.body.slice(0, 12), row.templateVariables])).toEqual([
      ['Hi Sara, ord', [{ name: 'name', value: 'Sara' }, { name: 'order', value: '41' }]],
      // Longer than a provider's template API takes: sent as its text.
      [`Hi ${'x'.repeat(9)}`, undefined],
    ]);
    expect(rowsOf('+14155550123,41,Sara\n', 2, layoutOf('phone,order,name\n', {}, { text })).kept[0]).not.toHaveProperty('templateVariables');
  });

  it('numbers the lines of a file without quotes (split, not csv-parse) exactly as of one with them', () => {
    const file = '+14155550123;Hi\r\nbad;Hi\r\n\r\n+14155550124;\r\n+14155550125;a;b\r\n+14155550127;ok\r\n';
    const plain = rowsOf(file, 2, layout('phone;message'));
    const quoted = rowsOf(file.replace('ok', '"ok"'), 2, layout('phone;message'));
    expect(plain).toEqual(quoted);
    expect(plain.kept.map(({ line, phone, body }) => [line, phone, body])).toEqual([
      [2, '+14155550123', 'Hi'],
      [7, '+14155550127', 'ok'],
    ]);
    expect(plain.refused.map(({ line, code }) => [line, code])).toEqual([
      [3, 'invalid_phone_number'],
      [5, 'empty_body'],
      [6, 'malformed_line'],
    ]);
  });
});

describe('reading rows', () => {
  it('makes rows as they are read, and throws text that is not CSV at the call, before any row is read', () => {
    const rows = parseRows('+14155550123,Hi\n+14155550124,Hello\n', 2, layout('phone,message'))[Symbol.iterator]();
    expect(rows.next().value).toMatchObject({ line: 2, phone: '+14155550123' });
    expect(rows.next().value).toMatchObject({ line: 3, phone: '+14155550124' });
    expect(rows.next().done).toBe(true);
    expect(faultOf(() => parseRows('+14155550123,"Hi\n+14155550124,Hello\n', 2, layout('phone,message')))).toBe('not_csv');
  });
});
