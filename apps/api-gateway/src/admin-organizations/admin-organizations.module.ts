import { Module } from '@nestjs/common';
import { AdminOrganizationsController } from './admin-organizations.controller';

@Module({ controllers: [AdminOrganizationsController] })
export class AdminOrganizationsModule {}
