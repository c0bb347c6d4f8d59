import { AuthError } from '../shared/auth-error';

export class DeviceCredentialError extends AuthError {}
