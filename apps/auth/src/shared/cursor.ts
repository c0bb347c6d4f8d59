const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Lists page by id; a cursor that is not an id starts from the beginning rather than failing the query. */
export function idCursor(cursor: string | undefined): string | undefined {
  return cursor && UUID.test(cursor) ? cursor : undefined;
}
