const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Lists page by id (UUIDv7, so newest first is id order); a cursor that is not an id starts from the top. */
export function idCursor(cursor: string | undefined): string | undefined {
  return cursor && UUID.test(cursor) ? cursor : undefined;
}

export const DEFAULT_PAGE_SIZE = 50;

/** Turns `limit + 1` rows into a page and the cursor of the next one. */
export function pageOf<R extends { id: string }, V>(rows: R[], limit: number, view: (row: R) => V): { items: V[]; nextCursor?: string } {
  const page = rows.slice(0, limit);
  return {
    items: page.map(view),
    ...(rows.length > limit ? { nextCursor: page[page.length - 1].id } : {}),
  };
}
