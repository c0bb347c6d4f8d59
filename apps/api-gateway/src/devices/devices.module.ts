import { Module } from '@nestjs/common';
import { AdminDevicesController } from './admin-devices.controller';
import { DevicesController } from './devices.controller';

@Module({ controllers: [DevicesController, AdminDevicesController] })
export class DevicesModule {}
