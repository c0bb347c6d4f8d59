import { useState } from 'react';

/**
 * Page-by-page walking of a cursor-paginated list. The API only knows "the page after this cursor",
 * so the cursors of the pages already passed are kept to step back; `restart` goes to the first page
 * (a filter changed).
 */
export function useCursorPages() {
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  return {
    /** The cursor of the page shown; undefined on the first. */
    cursor: cursors[cursors.length - 1],
    /** 1 on the first page. */
    number: cursors.length,
    next: (nextCursor: string) => setCursors((seen) => [...seen, nextCursor]),
    previous: () => setCursors((seen) => (seen.length > 1 ? seen.slice(0, -1) : seen)),
    restart: () => setCursors([undefined]),
  };
}

export type CursorPages = ReturnType<typeof useCursorPages>;

/** `?limit=…&cursor=…&…` for a list call: the page's cursor and the filters that are set. */
export function listQuery(pages: CursorPages, limit: number, filters: Record<string, string | undefined> = {}): `?${string}` {
  const query = new URLSearchParams({ limit: String(limit) });
  if (pages.cursor) query.set('cursor', pages.cursor);
  for (const [name, value] of Object.entries(filters)) if (value) query.set(name, value);
  return `?${query.toString()}`;
}
