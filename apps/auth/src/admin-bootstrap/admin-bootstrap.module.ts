import { Module } from '@nestjs/common';
import { IdentityModule } from '../identity/identity.module';
import { SessionsModule } from '../sessions/sessions.module';
import { AdminBootstrap } from './admin-bootstrap';

/** The first platform operator, from the deployment's settings. */
@Module({
  imports: [IdentityModule, SessionsModule],
  providers: [AdminBootstrap],
})
export class AdminBootstrapModule {}
