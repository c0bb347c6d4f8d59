import { Module } from '@nestjs/common';
import { ProvidersAdminController, RoutesAdminController } from './providers-admin.controller';

/** Platform operators manage provider accounts and routes (served by provider-sender). */
@Module({ controllers: [ProvidersAdminController, RoutesAdminController] })
export class ProvidersAdminModule {}
