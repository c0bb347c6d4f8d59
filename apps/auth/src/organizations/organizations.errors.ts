import { AuthError } from '../shared/auth-error';

export class OrganizationError extends AuthError {}
