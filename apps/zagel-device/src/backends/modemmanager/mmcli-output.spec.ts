import { barsOf, parseKeyValue, parseModemTime, quotedValue, smsIndexesIn } from './mmcli-output';

describe('mmcli --output-keyvalue', () => {
  it('reads padded keys, `--` as empty, and a text that goes on over several lines', () => {
    const values = parseKeyValue(
      [
        'sms.dbus-path            : /org/freedesktop/ModemManager1/SMS/3',
        'sms.content.number       : +201001234567',
        'sms.content.text         : first line',
        'second line: with a colon',
        'sms.content.data         : --',
        'sms.properties.state     : received',
        'sms.properties.timestamp : 2026-12-03T15:04:05+02',
      ].join('\n'),
    );
    expect(values.get('sms.content.number')).toBe('+201001234567');
    expect(values.get('sms.content.text')).toBe('first line\nsecond line: with a colon');
    expect(values.get('sms.content.data')).toBe('');
    expect(values.get('sms.properties.state')).toBe('received');
  });

  it('finds SMS indexes in either output format', () => {
    expect(smsIndexesIn('modem.messaging.sms.length   : 2\nmodem.messaging.sms.value[1] : /org/freedesktop/ModemManager1/SMS/0\nmodem.messaging.sms.value[2] : /org/freedesktop/ModemManager1/SMS/12\n')).toEqual(['0', '12']);
    expect(smsIndexesIn('    /org/freedesktop/ModemManager1/SMS/7 (received)\n')).toEqual(['7']);
    expect(smsIndexesIn('Successfully created new SMS: /org/freedesktop/ModemManager1/SMS/21 (unknown)')).toEqual(['21']);
    expect(smsIndexesIn('No sms messages were found')).toEqual([]);
  });

  it('reads timestamps with an hour-only offset', () => {
    expect(parseModemTime('2026-12-03T15:04:05+02')).toEqual(new Date('2026-12-03T13:04:05Z'));
    expect(parseModemTime('2026-12-03T15:04:05+05:30')).toEqual(new Date('2026-12-03T09:34:05Z'));
    expect(parseModemTime('--')).toBeUndefined();
  });

  it('quotes a text with the quote it does not contain, and gives up when it contains both', () => {
    expect(quotedValue('code 1234')).toBe("'code 1234'");
    expect(quotedValue("it's 1234")).toBe(`"it's 1234"`);
    expect(quotedValue(`it's "1234"`)).toBeUndefined();
  });

  it('turns signal quality into bars', () => {
    expect([0, 1, 25, 26, 72, 100].map(barsOf)).toEqual([0, 1, 1, 2, 3, 4]);
  });
});
