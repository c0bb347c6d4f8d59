import { AuthError } from '../shared/auth-error';

export class MemberError extends AuthError {}
