import { Module } from '@nestjs/common';
import { BusQueueDepths } from './bus-queue-depths';
import { PlatformOverviewController } from './platform-overview.controller';

/** `GET /v1/admin/platform`: what operators watch of the platform as a whole. */
@Module({ controllers: [PlatformOverviewController], providers: [BusQueueDepths] })
export class PlatformOverviewModule {}
