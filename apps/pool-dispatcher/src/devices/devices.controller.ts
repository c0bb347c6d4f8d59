import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  AdminListDevices,
  AdminListDevicesRequest,
  AdminListPools,
  AdminListPoolsRequest,
  AdminUpdateDevice,
  AdminUpdateDeviceRequest,
  DeleteDevice,
  DeleteDeviceRequest,
  ListDevices,
  ListDevicesRequest,
  RegisterDevice,
  RegisterDeviceRequest,
  UpdateDevice,
  UpdateDeviceRequest,
} from '@zagel/contracts';
import { AdminDevicesUseCase } from '../admin/admin-devices.use-case';
import { ManageDevicesUseCase } from './manage-devices.use-case';
import { RegisterDeviceUseCase } from './register-device.use-case';

@Controller()
export class DevicesController {
  constructor(
    private readonly register: RegisterDeviceUseCase,
    private readonly manage: ManageDevicesUseCase,
    private readonly admin: AdminDevicesUseCase,
  ) {}

  @MessagePattern(RegisterDevice.type)
  registerDevice(@Payload() request: RegisterDeviceRequest) {
    return this.register.execute(request);
  }

  @MessagePattern(ListDevices.type)
  listDevices(@Payload() request: ListDevicesRequest) {
    return this.manage.list(request);
  }

  @MessagePattern(UpdateDevice.type)
  updateDevice(@Payload() request: UpdateDeviceRequest) {
    return this.manage.update(request);
  }

  @MessagePattern(DeleteDevice.type)
  deleteDevice(@Payload() request: DeleteDeviceRequest) {
    return this.manage.delete(request);
  }

  @MessagePattern(AdminListDevices.type)
  adminListDevices(@Payload() request: AdminListDevicesRequest) {
    return this.admin.listDevices(request);
  }

  @MessagePattern(AdminUpdateDevice.type)
  adminUpdateDevice(@Payload() request: AdminUpdateDeviceRequest) {
    return this.admin.update(request);
  }

  @MessagePattern(AdminListPools.type)
  adminListPools(@Payload() request: AdminListPoolsRequest) {
    return this.admin.listPools(request);
  }
}
