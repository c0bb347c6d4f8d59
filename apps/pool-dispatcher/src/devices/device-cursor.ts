const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A cursor that is not a device id starts from the beginning rather than failing the query. */
export function cursorOf(cursor: string | undefined): string | undefined {
  return cursor && UUID.test(cursor) ? cursor : undefined;
}
