import { ListOrganizationsRequest } from '@zagel/contracts';
import { QueryOf } from '../../public-http/public-shapes';

export class ListOrganizationsQuery extends QueryOf(ListOrganizationsRequest) {}
