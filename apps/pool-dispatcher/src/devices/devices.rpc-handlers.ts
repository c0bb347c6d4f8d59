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
import { AdminDevicesUseCase } from '../admin/admin-devices.use-case';
import { ManageDevicesUseCase } from './manage-devices.use-case';
import { RegisterDeviceUseCase } from './register-device.use-case';

@Injectable()
export class DevicesRpcHandlers implements OnModuleInit {
  constructor(
    private readonly bus: Bus,
    private readonly register: RegisterDeviceUseCase,
    private readonly manage: ManageDevicesUseCase,
    private readonly admin: AdminDevicesUseCase,
  ) {}

  onModuleInit(): void {
    this.bus.rpc.handle(RegisterDevice, (request) => this.register.execute(request));
    this.bus.rpc.handle(ListDevices, (request) => this.manage.list(request));
    this.bus.rpc.handle(UpdateDevice, (request) => this.manage.update(request));
    this.bus.rpc.handle(DeleteDevice, (request) => this.manage.delete(request));
    this.bus.rpc.handle(AdminListDevices, (request) => this.admin.listDevices(request));
    this.bus.rpc.handle(AdminUpdateDevice, (request) => this.admin.update(request));
    this.bus.rpc.handle(AdminListPools, (request) => this.admin.listPools(request));
  }
}
