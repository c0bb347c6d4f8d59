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
import { AdminListDevicesUseCase } from '../admin/admin-list-devices.use-case';
import { AdminUpdateDeviceUseCase } from '../admin/admin-update-device.use-case';
import { ListPoolsUseCase } from '../admin/list-pools.use-case';
import { DeleteDeviceUseCase } from './delete-device.use-case';
import { ListDevicesUseCase } from './list-devices.use-case';
import { RegisterDeviceUseCase } from './register-device.use-case';
import { UpdateDeviceUseCase } from './update-device.use-case';

@Controller()
export class DevicesController {
  constructor(
    private readonly register: RegisterDeviceUseCase,
    private readonly listDevicesUseCase: ListDevicesUseCase,
    private readonly updateDeviceUseCase: UpdateDeviceUseCase,
    private readonly deleteDeviceUseCase: DeleteDeviceUseCase,
    private readonly adminListDevicesUseCase: AdminListDevicesUseCase,
    private readonly adminUpdateDeviceUseCase: AdminUpdateDeviceUseCase,
    private readonly listPools: ListPoolsUseCase,
  ) {}

  @MessagePattern(RegisterDevice.type)
  registerDevice(@Payload() request: RegisterDeviceRequest) {
    return this.register.execute(request);
  }

  @MessagePattern(ListDevices.type)
  listDevices(@Payload() request: ListDevicesRequest) {
    return this.listDevicesUseCase.execute(request);
  }

  @MessagePattern(UpdateDevice.type)
  updateDevice(@Payload() request: UpdateDeviceRequest) {
    return this.updateDeviceUseCase.execute(request);
  }

  @MessagePattern(DeleteDevice.type)
  deleteDevice(@Payload() request: DeleteDeviceRequest) {
    return this.deleteDeviceUseCase.execute(request);
  }

  @MessagePattern(AdminListDevices.type)
  adminListDevices(@Payload() request: AdminListDevicesRequest) {
    return this.adminListDevicesUseCase.execute(request);
  }

  @MessagePattern(AdminUpdateDevice.type)
  adminUpdateDevice(@Payload() request: AdminUpdateDeviceRequest) {
    return this.adminUpdateDeviceUseCase.execute(request);
  }

  @MessagePattern(AdminListPools.type)
  adminListPools(@Payload() request: AdminListPoolsRequest) {
    return this.listPools.execute(request);
  }
}
