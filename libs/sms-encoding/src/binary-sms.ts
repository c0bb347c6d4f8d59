/** Octets one SMS carries: the user data header (UDH) and the 8-bit payload together. */
export const SMS_OCTETS = 140;
/** IEI 0x00: concatenated short message, 8-bit reference (3 octets of data). */
const CONCATENATION_IE_OCTETS = 5;
const CONCATENATION_IEIS = new Set([0x00, 0x08]);
const HEX = /^(?:[0-9a-fA-F]{2})+$/;

/** One segment as it goes on the wire: its UDH (length octet first; absent when none) and its data. */
export interface BinarySegment {
  udh?: Buffer;
  data: Buffer;
}

export type BinaryAnalysis = { ok: true; octets: number; segments: number } | { ok: false; reason: string };

function hex(value: string): Buffer | undefined {
  return HEX.test(value) ? Buffer.from(value, 'hex') : undefined;
}

/** The information elements of a UDH (without its length octet), or why they are malformed. */
function informationElements(udh: Buffer): { ieis: number[] } | { reason: string } {
  if (udh[0] !== udh.length - 1) return { reason: `the udh's first octet must be its length (${udh.length - 1}), not ${udh[0]}` };
  const ieis: number[] = [];
  let at = 1;
  while (at < udh.length) {
    if (at + 1 >= udh.length || at + 2 + udh[at + 1] > udh.length) return { reason: 'the udh has a truncated information element' };
    ieis.push(udh[at]);
    at += 2 + udh[at + 1];
  }
  if (ieis.length === 0) return { reason: 'the udh has no information element' };
  return { ieis };
}

function parse(payloadHex: string, udhHex: string | undefined): { payload: Buffer; udh?: Buffer } | { reason: string } {
  const payload = hex(payloadHex);
  if (!payload) return { reason: 'a binary body must be hex, an even number of 0-9a-f digits' };
  if (udhHex === undefined) return { payload };
  const udh = hex(udhHex);
  if (!udh) return { reason: 'udh must be hex, an even number of 0-9a-f digits' };
  const elements = informationElements(udh);
  if ('reason' in elements) return elements;
  return { payload, udh };
}

/**
 * Splits an 8-bit payload (hex) with an optional UDH (hex, its length octet first, e.g. `0605040b8423f0` for
 * the WAP push port) into SMS segments of 140 octets, UDH included. A payload that does not fit one segment is
 * concatenated: each segment carries the given information elements plus a concatenation element.
 */
export function splitBinary(payloadHex: string, udhHex: string | undefined, reference: number): BinarySegment[] {
  const parsed = parse(payloadHex, udhHex);
  if ('reason' in parsed) throw new Error(parsed.reason);
  const { payload, udh } = parsed;
  if ((udh?.length ?? 0) + payload.length <= SMS_OCTETS) return [{ ...(udh && { udh }), data: payload }];
  const elements = udh ? udh.subarray(1) : Buffer.alloc(0);
  const capacity = SMS_OCTETS - 1 - elements.length - CONCATENATION_IE_OCTETS;
  const total = Math.ceil(payload.length / capacity);
  const segments: BinarySegment[] = [];
  for (let index = 0; index < total; index += 1) {
    const header = Buffer.concat([elements, Buffer.from([0x00, 0x03, reference & 0xff, total, index + 1])]);
    segments.push({ udh: Buffer.concat([Buffer.from([header.length]), header]), data: payload.subarray(index * capacity, (index + 1) * capacity) });
  }
  return segments;
}

/** Whether a binary message is well formed, and how many segments it takes on the wire. */
export function analyzeBinary(payloadHex: string, udhHex?: string): BinaryAnalysis {
  const parsed = parse(payloadHex, udhHex);
  if ('reason' in parsed) return { ok: false, reason: parsed.reason };
  const { payload, udh } = parsed;
  if (payload.length === 0) return { ok: false, reason: 'a binary body must not be empty' };
  const octets = (udh?.length ?? 0) + payload.length;
  if (octets <= SMS_OCTETS) return { ok: true, octets, segments: 1 };
  const elements = udh ? udh.length - 1 : 0;
  const ieis = udh ? (informationElements(udh) as { ieis: number[] }).ieis : [];
  if (ieis.some((iei) => CONCATENATION_IEIS.has(iei))) {
    return { ok: false, reason: `a udh with its own concatenation element must fit one segment (${SMS_OCTETS} octets with the payload)` };
  }
  const capacity = SMS_OCTETS - 1 - elements - CONCATENATION_IE_OCTETS;
  if (capacity < 1) return { ok: false, reason: 'the udh leaves no room for data in a concatenated message' };
  const segments = Math.ceil(payload.length / capacity);
  if (segments > 255) return { ok: false, reason: 'a binary message takes at most 255 segments' };
  return { ok: true, octets, segments };
}
