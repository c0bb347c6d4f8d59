/** What every Zagel token carries in `iss`, and the audience of each kind of token. */
export const TOKEN_ISSUER = 'zagel';
export const ACCESS_TOKEN_AUDIENCE = 'zagel-api';
export const DEVICE_TOKEN_AUDIENCE = 'zagel-device';
/** Tokens are signed with RS256 only; anything else (`none`, HS256 with the public key) is refused. */
export const TOKEN_ALGORITHM = 'RS256';
/** Clocks of the signer and the verifier may differ by this much. */
export const CLOCK_TOLERANCE_SECONDS = 5;
