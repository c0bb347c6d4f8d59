import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DeleteDevice, DeviceView, GetRewardSummary, ListDevices, RegisteredDevice, RegisterDevice, UpdateDevice } from '@zagel/contracts';
import { Principal } from '@zagel/identity';
import { CurrentPrincipal, UsersOnly } from '../authentication/access-policy';
import { Idempotent } from '../idempotency/idempotent.decorator';
import { ServiceRpc } from '../service-rpc/service-rpc';
import { withEarnings } from './device-earnings';
import { DevicePageQuery, OwnedDevicePage, RegisterDeviceBody, UpdateDeviceBody } from './dtos/device.dtos';

/** How long the device list waits for billing's earnings before answering without them. */
const EARNINGS_TIMEOUT_MS = 1_500;

/** A phone owner's own phones; the owner always comes from the token. */
@ApiTags('devices')
@ApiBearerAuth('bearer')
@UsersOnly()
@Controller('devices')
export class DevicesController {
  constructor(private readonly rpc: ServiceRpc) {}

  @Post()
  @Idempotent()
  @ApiOperation({ summary: 'Register a phone; the device token for its app is shown in this response only.' })
  @ApiCreatedResponse({ type: RegisteredDevice })
  register(@CurrentPrincipal() principal: Principal, @Body() body: RegisterDeviceBody): Promise<RegisteredDevice> {
    return this.rpc.call('pool-dispatcher', RegisterDevice, { ...body, ownerId: principal.userId! });
  }

  @Get()
  @ApiOperation({ summary: 'Your phones: presence, quota left today, success rate, health and reward tokens earned.' })
  @ApiOkResponse({ type: OwnedDevicePage })
  async list(@CurrentPrincipal() principal: Principal, @Query() query: DevicePageQuery): Promise<OwnedDevicePage> {
    const ownerId = principal.userId!;
    // Earnings are a nicety beside the list: billing being slow or down must not fail it.
    const [page, rewards] = await Promise.all([
      this.rpc.call('pool-dispatcher', ListDevices, { ...query, ownerId }),
      this.rpc.call('billing', GetRewardSummary, { ownerId }, EARNINGS_TIMEOUT_MS).catch(() => null),
    ]);
    return withEarnings(page, rewards);
  }

  @Patch(':id')
  @ApiOperation({ summary: "Change a phone's daily quota, pause it or rename it; the phone is told at once." })
  @ApiOkResponse({ type: DeviceView })
  update(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: UpdateDeviceBody,
  ): Promise<DeviceView> {
    return this.rpc.call('pool-dispatcher', UpdateDevice, { ...body, deviceId: id, ownerId: principal.userId! });
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Remove a phone: its token is revoked, it is disconnected and leaves every pool.' })
  @ApiNoContentResponse()
  async remove(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string): Promise<void> {
    await this.rpc.call('pool-dispatcher', DeleteDevice, { deviceId: id, ownerId: principal.userId! });
  }
}
