import { AuthError } from '../shared/auth-error';

export class SessionError extends AuthError {}
