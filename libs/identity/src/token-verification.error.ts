export type TokenRejectionReason = 'expired' | 'invalid';

/** A token was refused: `expired` (the client should refresh) or `invalid` (anything else). */
export class TokenVerificationError extends Error {
  constructor(
    readonly reason: TokenRejectionReason,
    message: string,
  ) {
    super(message);
    this.name = 'TokenVerificationError';
  }
}
