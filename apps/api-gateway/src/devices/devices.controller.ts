import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  DeleteDevice,
  DeviceProofSent,
  DeviceView,
  GetRewardSummary,
  ListDevices,
  RegisteredDevice,
  RegisterDevice,
  SendDeviceProof,
  UpdateDevice,
  VerifyDevice,
} from '@zagel/contracts';
import { Principal } from '@zagel/identity';
import { CorrelationContext } from '@zagel/observability';
import { CurrentPrincipal, UsersOnly } from '../authentication/access-policy';
import { Idempotent } from '../idempotency/idempotent.decorator';
import { ServiceRpc } from '../service-rpc/service-rpc';
import { RequestCorrelation } from '../service-rpc/request-correlation';
import { withEarnings } from './device-earnings';
import { DevicePageQuery, OwnedDevicePage, RegisterDeviceBody, UpdateDeviceBody, VerifyDeviceBody } from './dtos/device.dtos';

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
  @ApiOperation({
    summary: 'Register a phone; the device token for its app is shown in this response only.',
    description: 'The phone starts `unverified` and gets no traffic until it proves its number: a code is sent to the number, and the phone’s own `sms:received` (or you, with `POST /v1/devices/{id}/verify`) brings it back.',
  })
  @ApiCreatedResponse({ type: RegisteredDevice })
  register(
    @RequestCorrelation() correlation: CorrelationContext,
    @CurrentPrincipal() principal: Principal,
    @Body() body: RegisterDeviceBody,
  ): Promise<RegisteredDevice> {
    return this.rpc.call(correlation, 'pool-dispatcher', RegisterDevice, { ...body, ownerId: principal.userId! });
  }

  @Get()
  @ApiOperation({ summary: 'Your phones: presence, quota left today, success rate, health and reward tokens earned.' })
  @ApiOkResponse({ type: OwnedDevicePage })
  async list(
    @RequestCorrelation() correlation: CorrelationContext,
    @CurrentPrincipal() principal: Principal,
    @Query() query: DevicePageQuery,
  ): Promise<OwnedDevicePage> {
    const ownerId = principal.userId!;
    // Earnings are a nicety beside the list: billing being slow or down must not fail it.
    const [page, rewards] = await Promise.all([
      this.rpc.call(correlation, 'pool-dispatcher', ListDevices, { ...query, ownerId }),
      this.rpc.call(correlation, 'billing', GetRewardSummary, { ownerId }, EARNINGS_TIMEOUT_MS).catch(() => null),
    ]);
    return withEarnings(page, rewards);
  }

  @Post(':id/proof')
  @Idempotent()
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({ summary: 'Send a new proof code to an unverified phone’s number (the last one expired or never arrived).' })
  @ApiAcceptedResponse({ type: DeviceProofSent })
  sendProof(
    @RequestCorrelation() correlation: CorrelationContext,
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<DeviceProofSent> {
    return this.rpc.call(correlation, 'pool-dispatcher', SendDeviceProof, { deviceId: id, ownerId: principal.userId! });
  }

  @Post(':id/verify')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Prove the phone’s number with the code it received; the phone is verified and joins its pools.' })
  @ApiOkResponse({ type: DeviceView })
  verify(
    @RequestCorrelation() correlation: CorrelationContext,
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: VerifyDeviceBody,
  ): Promise<DeviceView> {
    return this.rpc.call(correlation, 'pool-dispatcher', VerifyDevice, { ...body, deviceId: id, ownerId: principal.userId! });
  }

  @Patch(':id')
  @ApiOperation({ summary: "Change a phone's daily quota, pause it or rename it; the phone is told at once." })
  @ApiOkResponse({ type: DeviceView })
  update(
    @RequestCorrelation() correlation: CorrelationContext,
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: UpdateDeviceBody,
  ): Promise<DeviceView> {
    return this.rpc.call(correlation, 'pool-dispatcher', UpdateDevice, { ...body, deviceId: id, ownerId: principal.userId! });
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Remove a phone: its token is revoked, it is disconnected and leaves every pool.' })
  @ApiNoContentResponse()
  async remove(
    @RequestCorrelation() correlation: CorrelationContext,
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<void> {
    await this.rpc.call(correlation, 'pool-dispatcher', DeleteDevice, { deviceId: id, ownerId: principal.userId! });
  }
}
