import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, ApiReply, PublicApiClient } from '@zagel/sdk';
import { useSession } from './session-context';

/** A query over the API as the signed-in user: the body of a 2xx, an ApiError (problem+json) otherwise. */
export function useApiQuery<T>(
  key: readonly unknown[],
  request: (api: PublicApiClient) => Promise<ApiReply<T>>,
  options: { refetchInterval?: number | ((data: T | undefined) => number | false) } = {},
) {
  const session = useSession();
  const { refetchInterval } = options;
  return useQuery({
    queryKey: key,
    queryFn: async () => (await session.call(request)).body,
    refetchInterval: typeof refetchInterval === 'function' ? (query) => refetchInterval(query.state.data) : refetchInterval,
  });
}

/** A change through the API; the queries under `invalidates` are fetched again once it succeeds. */
export function useApiMutation<V, T>(request: (api: PublicApiClient, variables: V) => Promise<ApiReply<T>>, invalidates: readonly unknown[] = []) {
  const session = useSession();
  const queries = useQueryClient();
  return useMutation({
    mutationFn: async (variables: V) => (await session.call((api) => request(api, variables))).body,
    onSuccess: () => (invalidates.length > 0 ? queries.invalidateQueries({ queryKey: invalidates }) : undefined),
  });
}

/** What to show a person for a failed call: the problem's `detail`, else its title, else the error. */
export function problemText(error: unknown): string {
  if (error instanceof ApiError) return error.problem.detail ?? error.problem.title ?? `The API answered ${error.status}.`;
  return error instanceof Error ? error.message : String(error);
}
