import { ListProviderAccountsRequest, ListProviderRoutesRequest } from '@zagel/contracts';
import { QueryOf } from '../../public-http/public-shapes';

// Bodies are the contracts' own classes (ProviderAccountFields, CreateProviderAccountRequest, ProviderRouteFields,
// CreateProviderRouteRequest): operators address provider-sender's accounts and routes as they are.

export class ListProvidersQuery extends QueryOf(ListProviderAccountsRequest) {}

export class ListRoutesQuery extends QueryOf(ListProviderRoutesRequest) {}
