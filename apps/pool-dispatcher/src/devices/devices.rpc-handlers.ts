import { Injectable, OnModuleInit } from '@nestjs/common';
import {
  AdminListDevices,
  AdminListPools,
  AdminUpdateDevice,
  DeleteDevice,
  ListDevices,
  RegisterDevice,
  UpdateDevice,
} from '@zagel/contracts';
import { Bus } from '@zagel/messaging';
import { AdminListDevicesUseCase } from '../admin/admin-list-devices.use-case';
import { AdminUpdateDeviceUseCase } from '../admin/admin-update-device.use-case';
import { ListPoolsUseCase } from '../admin/list-pools.use-case';
import { DeleteDeviceUseCase } from './delete-device.use-case';
import { ListDevicesUseCase } from './list-devices.use-case';
import { RegisterDeviceUseCase } from './register-device.use-case';
import { UpdateDeviceUseCase } from './update-device.use-case';

@Injectable()
export class DevicesRpcHandlers implements OnModuleInit {
  constructor(
    private readonly bus: Bus,
    private readonly register: RegisterDeviceUseCase,
    private readonly listDevices: ListDevicesUseCase,
    private readonly updateDevice: UpdateDeviceUseCase,
    private readonly deleteDevice: DeleteDeviceUseCase,
    private readonly adminListDevices: AdminListDevicesUseCase,
    private readonly adminUpdateDevice: AdminUpdateDeviceUseCase,
    private readonly listPools: ListPoolsUseCase,
  ) {}

  onModuleInit(): void {
    this.bus.rpc.handle(RegisterDevice, (request) => this.register.execute(request));
    this.bus.rpc.handle(ListDevices, (request) => this.listDevices.execute(request));
    this.bus.rpc.handle(UpdateDevice, (request) => this.updateDevice.execute(request));
    this.bus.rpc.handle(DeleteDevice, (request) => this.deleteDevice.execute(request));
    this.bus.rpc.handle(AdminListDevices, (request) => this.adminListDevices.execute(request));
    this.bus.rpc.handle(AdminUpdateDevice, (request) => this.adminUpdateDevice.execute(request));
    this.bus.rpc.handle(AdminListPools, (request) => this.listPools.execute(request));
  }
}
