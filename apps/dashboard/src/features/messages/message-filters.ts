/** What the messages list can be narrowed to; each maps to a query parameter of `GET /v1/messages`. */
export interface MessageFilters {
  status?: string;
  type?: string;
  to?: string;
  campaignId?: string;
  clientReference?: string;
  /** A day (YYYY-MM-DD, the browser's time zone): messages created on or after it. */
  fromDay?: string;
  /** A day (YYYY-MM-DD): messages created on or before it. */
  untilDay?: string;
}

const FIELDS = ['status', 'type', 'to', 'campaignId', 'clientReference', 'fromDay', 'untilDay'] as const;
const PAGE_SIZE = 50;

/** The filters a page address carries (`?status=failed&to=...`), blanks left out. */
export function filtersFromSearch(search: URLSearchParams): MessageFilters {
  const filters: MessageFilters = {};
  for (const field of FIELDS) {
    const value = search.get(field)?.trim();
    if (value) filters[field] = value;
  }
  return filters;
}

/** The page address for these filters, so a filtered list can be bookmarked and shared. */
export function searchFromFilters(filters: MessageFilters): URLSearchParams {
  const search = new URLSearchParams();
  for (const field of FIELDS) {
    const value = filters[field]?.trim();
    if (value) search.set(field, value);
  }
  return search;
}

function startOfDay(day: string, plusDays = 0): string {
  const [year, month, date] = day.split('-').map(Number);
  return new Date(year, month - 1, date + plusDays).toISOString();
}

/**
 * The `GET /v1/messages` URL for one page: the API takes instants (`from` inclusive, `until`
 * exclusive), so a day range becomes local midnight to the midnight after its last day.
 */
export function messagesUrl(filters: MessageFilters, cursor?: string): `/v1/messages?${string}` {
  const query = new URLSearchParams({ limit: String(PAGE_SIZE) });
  for (const field of ['status', 'type', 'to', 'campaignId', 'clientReference'] as const) {
    if (filters[field]) query.set(field, filters[field]);
  }
  if (filters.fromDay) query.set('from', startOfDay(filters.fromDay));
  if (filters.untilDay) query.set('until', startOfDay(filters.untilDay, 1));
  if (cursor) query.set('cursor', cursor);
  return `/v1/messages?${query.toString()}`;
}
