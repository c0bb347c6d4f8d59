import { Controller, Get, Header } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { JsonWebKeySet } from '@zagel/contracts';
import { SigningKeyCache } from '@zagel/identity';
import { Public } from '../authentication/access-policy';
import { serviceUnavailable } from '../problem-details/remote-error-problems';
import { ProblemException } from '../problem-details/problem';

/** Served at the root, outside `/v1`, where JWT libraries look for it. */
export const JWKS_PATH = '.well-known/jwks.json';

@ApiTags('auth')
@Public()
@Controller('.well-known')
export class SigningKeysController {
  constructor(private readonly keys: SigningKeyCache) {}

  @Get('jwks.json')
  @Header('Cache-Control', 'public, max-age=300')
  @ApiOperation({ summary: 'The public keys access tokens are signed with (JWKS, RFC 7517).' })
  @ApiOkResponse({ type: JsonWebKeySet })
  async jwks(): Promise<JsonWebKeySet> {
    const set = await this.keys.jwks();
    if (set.keys.length === 0) throw new ProblemException(serviceUnavailable());
    return set;
  }
}
