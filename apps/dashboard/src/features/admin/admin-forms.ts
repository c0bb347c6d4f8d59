/** An amount typed in the currency's units ("50", "-12.5") as signed minor units (5000, -1250). */
export function minorUnits(typed: string): number {
  return Math.round(Number(typed) * 100);
}

/** Whether an organization matches what the operator typed: part of its name (any case) or its id. */
export function matchesSearch(organization: { id: string; name: string }, search: string): boolean {
  const wanted = search.trim().toLowerCase();
  return wanted === '' || organization.name.toLowerCase().includes(wanted) || organization.id === wanted;
}
