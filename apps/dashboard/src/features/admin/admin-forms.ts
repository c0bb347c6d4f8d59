/** Whether an organization matches what the operator typed: part of its name (any case) or its id. */
export function matchesSearch(organization: { id: string; name: string }, search: string): boolean {
  const wanted = search.trim().toLowerCase();
  return wanted === '' || organization.name.toLowerCase().includes(wanted) || organization.id === wanted;
}
