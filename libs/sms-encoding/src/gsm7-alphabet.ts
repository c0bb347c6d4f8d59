/** The GSM 03.38 default alphabet (one septet each); 0x1B, the escape, is not a character of its own. */
const BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' +
  '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';

/** The extension table: each costs two septets (escape + character). */
const EXTENSION = '\f^{}\\[~]|€';

const SEPTETS = new Map<string, 1 | 2>([
  ...[...BASIC].map((character) => [character, 1] as const),
  ...[...EXTENSION].map((character) => [character, 2] as const),
]);

/** Septets per UTF-16 code unit, 0 where GSM-7 has no such character: a lookup per unit, no strings. */
const SEPTETS_BY_CODE_UNIT = new Uint8Array(0x10000);
for (const [character, septets] of SEPTETS) SEPTETS_BY_CODE_UNIT[character.charCodeAt(0)] = septets;

/** Septets one character takes in GSM-7, or undefined when GSM-7 cannot carry it. */
export function gsm7Septets(character: string): 1 | 2 | undefined {
  return SEPTETS.get(character);
}

/** Septets the whole text takes in GSM-7, or undefined when GSM-7 cannot carry one of its characters. */
export function gsm7TextSeptets(text: string): number | undefined {
  let septets = 0;
  for (let index = 0; index < text.length; index += 1) {
    const units = SEPTETS_BY_CODE_UNIT[text.charCodeAt(index)];
    if (units === 0) return undefined;
    septets += units;
  }
  return septets;
}
