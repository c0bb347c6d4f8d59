import { Controller, Get, Module } from '@nestjs/common';
import { RequireScopes } from '../../src/authentication/access-policy';

/** A route that needs an API key scope, standing in for the sending routes of later issues. */
@Controller('probe')
class ScopedProbeController {
  @Get('send')
  @RequireScopes('messages:send')
  send(): { ok: true } {
    return { ok: true };
  }
}

@Module({ controllers: [ScopedProbeController] })
export class ScopedProbeModule {}
