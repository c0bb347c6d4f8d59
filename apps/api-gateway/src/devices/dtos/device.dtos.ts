import { ApiProperty, ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import {
  AdminListDevicesRequest,
  AdminListPoolsRequest,
  AdminUpdateDeviceRequest,
  DevicePage,
  DeviceView,
  ListDevicesRequest,
  RegisterDeviceRequest,
  UpdateDeviceRequest,
  VerifyDeviceRequest,
} from '@zagel/contracts';
import { FilledAtTheEdge, QueryOf } from '../../public-http/public-shapes';

// The owner is the token's; a phone is the path's.

export class RegisterDeviceBody extends OmitType(RegisterDeviceRequest, ['ownerId'] as const) {}

export class VerifyDeviceBody extends OmitType(VerifyDeviceRequest, ['ownerId', 'deviceId'] as const) {}

export class UpdateDeviceBody extends OmitType(UpdateDeviceRequest, ['ownerId', 'deviceId'] as const) {}

export class AdminUpdateDeviceBody extends OmitType(AdminUpdateDeviceRequest, ['deviceId'] as const) {}

export class DevicePageQuery extends QueryOf(OmitType(ListDevicesRequest, ['ownerId'] as const)) {}

export class AdminDeviceQuery extends QueryOf(AdminListDevicesRequest) {}

export class AdminPoolQuery extends QueryOf(AdminListPoolsRequest) {}

/** A phone in its owner's list: the dispatcher's view of it, and what it earned from billing. */
export class OwnedDeviceView extends DeviceView {
  @ApiPropertyOptional({ type: Number, nullable: true, example: 12, description: 'Reward tokens this phone earned; null when billing did not answer in time.' })
  @FilledAtTheEdge("billing's reward summary for the owner, joined to each phone")
  earnings: number | null;
}

export class OwnedDevicePage extends OmitType(DevicePage, ['items'] as const) {
  @ApiProperty({ type: () => [OwnedDeviceView] })
  @FilledAtTheEdge("the dispatcher's page of phones, each with its earnings")
  items: OwnedDeviceView[];
}
