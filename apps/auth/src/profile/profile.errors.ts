import { AuthError } from '../shared/auth-error';

export class ProfileError extends AuthError {}
