/**
 * The key a carrier's pool is filed under: the first word of its name, lower-cased, so the
 * numbering plan's "Vodafone" and a SIM reporting "Vodafone EG" meet in one pool.
 */
export function carrierKey(name: string | null | undefined): string | null {
  const word = (name ?? '').trim().split(/\s+/)[0]?.toLowerCase().replace(/[^a-z0-9-]/g, '') ?? '';
  return word.length > 0 ? word : null;
}

/** The pools a message to (country, carrier) is tried in, most specific first. */
export function poolsFor(country: string, carrier: string | null): { country: string; carrier: string | null }[] {
  return carrier ? [{ country, carrier }, { country, carrier: null }] : [{ country, carrier: null }];
}
