import { ApiMethod, SuccessBody } from './typed-paths';

/** One page of a cursor-paginated list: its items, and the cursor of the next page (absent on the last). */
export interface CursorPage<Item> {
  items: Item[];
  nextCursor?: string;
}

/** The items of a list endpoint's pages, e.g. `PageItem<'get', '/v1/messages'>` is a `MessageView`. */
export type PageItem<M extends ApiMethod, U extends string> = SuccessBody<M, U> extends { items: (infer Item)[] } ? Item : never;

/** The URL with `cursor` set (replacing one it had), keeping its other query parameters. */
export function withCursor(url: string, cursor: string | undefined): string {
  if (cursor === undefined) return url;
  const [path, query = ''] = url.split('?', 2);
  const parameters = new URLSearchParams(query);
  parameters.set('cursor', cursor);
  return `${path}?${parameters.toString()}`;
}

/** Reads a list answer as a page, refusing anything that is not one (a URL of an endpoint that does not paginate). */
export function asCursorPage<Item>(call: string, body: unknown): CursorPage<Item> {
  const page = body as Partial<CursorPage<Item>> | undefined;
  if (!page || !Array.isArray(page.items)) throw new Error(`${call} did not answer a page ({ items, nextCursor })`);
  return { items: page.items, nextCursor: typeof page.nextCursor === 'string' && page.nextCursor !== '' ? page.nextCursor : undefined };
}
