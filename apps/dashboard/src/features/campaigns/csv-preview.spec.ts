import { detectDelimiter, previewCsv } from './csv-preview';

describe('previewCsv', () => {
  it('reads the header and first rows of a comma file, quoted fields holding commas, quotes and line ends', () => {
    const text = 'phone,name,message\r\n+14155550100,"Doe, Jane","Say ""hi""\nthen bye"\r\n+14155550101,Omar,Sale\r\n';
    expect(previewCsv(text, true)).toEqual({
      delimiter: ',',
      header: ['phone', 'name', 'message'],
      rows: [
        ['+14155550100', 'Doe, Jane', 'Say "hi"\nthen bye'],
        ['+14155550101', 'Omar', 'Sale'],
      ],
    });
  });

  it('detects semicolons (as the server does: when they outnumber commas outside quotes), trims names and skips a BOM and blank lines', () => {
    const text = '\ufeff phone ;"first, name";amount\n\n+201001234567;Layla;1,50\n';
    expect(previewCsv(text, true)).toEqual({ delimiter: ';', header: ['phone', 'first, name', 'amount'], rows: [['+201001234567', 'Layla', '1,50']] });
    expect(detectDelimiter('a;b,c;d')).toBe(';');
    expect(detectDelimiter('a,b;c,d')).toBe(',');
  });

  it('leaves out a last line the read cut short, unless the text is the whole file, and keeps at most five rows', () => {
    const rows = Array.from({ length: 8 }, (_, index) => `+1415555010${index},Row ${index}`).join('\n');
    const cut = `phone,message\n${rows}`;
    expect(previewCsv(cut, false)?.rows).toHaveLength(5);
    expect(previewCsv('phone,message\n+14155550100,Hel', false)?.rows).toEqual([]);
    expect(previewCsv('phone,message\n+14155550100,Hello', true)?.rows).toEqual([['+14155550100', 'Hello']]);
  });

  it('finds nothing in an empty file', () => {
    expect(previewCsv('', true)).toBeUndefined();
    expect(previewCsv('\n\n', true)).toBeUndefined();
  });
});
