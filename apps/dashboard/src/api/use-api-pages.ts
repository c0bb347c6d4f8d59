import { useInfiniteQuery } from '@tanstack/react-query';
import { ApiReply, PublicApiClient } from '@zagel/sdk';
import { useSession } from './session-context';

interface Page<Item> {
  items: Item[];
  nextCursor?: string;
}

/**
 * A cursor-paginated list over the API: the first page, then one more per `loadMore()` while the
 * last page answered a `nextCursor`. `request` gets the cursor to pass (none for the first page).
 */
export function useApiPages<Item>(key: readonly unknown[], request: (api: PublicApiClient, cursor: string | undefined) => Promise<ApiReply<Page<Item>>>) {
  const session = useSession();
  const pages = useInfiniteQuery({
    queryKey: key,
    queryFn: async ({ pageParam }) => (await session.call((api) => request(api, pageParam))).body,
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor,
  });
  return {
    items: pages.data?.pages.flatMap((page) => page.items),
    error: pages.error,
    hasMore: pages.hasNextPage,
    loadingMore: pages.isFetchingNextPage,
    loadMore: () => void pages.fetchNextPage(),
  };
}
