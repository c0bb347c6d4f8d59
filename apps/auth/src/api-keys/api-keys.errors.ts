import { AuthError } from '../shared/auth-error';

export class ApiKeyError extends AuthError {}
