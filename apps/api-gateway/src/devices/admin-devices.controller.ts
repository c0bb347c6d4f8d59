import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AdminBanDevice, AdminListDevices, AdminListPools, AdminReleaseDevice, AdminUpdateDevice, DevicePage, DeviceView, PoolList } from '@zagel/contracts';
import { CorrelationContext } from '@zagel/observability';
import { PlatformAdminOnly } from '../authentication/access-policy';
import { ServiceRpc } from '../service-rpc/service-rpc';
import { RequestCorrelation } from '../service-rpc/request-correlation';
import { AdminDeviceQuery, AdminPoolQuery, AdminUpdateDeviceBody } from './dtos/device.dtos';

@ApiTags('admin')
@ApiBearerAuth('bearer')
@PlatformAdminOnly()
@Controller('admin')
export class AdminDevicesController {
  constructor(private readonly rpc: ServiceRpc) {}

  @Get('pools')
  @ApiOperation({ summary: 'Every (country, carrier) pool and country pool: phones online, quota left today, leases in flight, quarantined.' })
  @ApiOkResponse({ type: PoolList })
  pools(@RequestCorrelation() correlation: CorrelationContext, @Query() query: AdminPoolQuery): Promise<PoolList> {
    return this.rpc.call(correlation, 'pool-dispatcher', AdminListPools, query);
  }

  @Get('devices')
  @ApiOperation({
    summary: 'Phones by country, carrier and status (online, offline, quarantined, paused, cooling_down), or quarantined=true, each with its proven-delivery rate.',
  })
  @ApiOkResponse({ type: DevicePage })
  devices(@RequestCorrelation() correlation: CorrelationContext, @Query() query: AdminDeviceQuery): Promise<DevicePage> {
    return this.rpc.call(correlation, 'pool-dispatcher', AdminListDevices, query);
  }

  @Patch('devices/:id')
  @ApiOperation({ summary: 'Release a quarantined phone ({"quarantined": false}).' })
  @ApiOkResponse({ type: DeviceView })
  update(
    @RequestCorrelation() correlation: CorrelationContext,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: AdminUpdateDeviceBody,
  ): Promise<DeviceView> {
    return this.rpc.call(correlation, 'pool-dispatcher', AdminUpdateDevice, { ...body, deviceId: id });
  }

  @Post('devices/:id/release')
  @HttpCode(200)
  @ApiOperation({ summary: 'Release a quarantined phone: back into its pools, its health and proven-delivery record started again; its held rewards are paid at its next canary.' })
  @ApiOkResponse({ type: DeviceView })
  release(@RequestCorrelation() correlation: CorrelationContext, @Param('id', ParseUUIDPipe) id: string): Promise<DeviceView> {
    return this.rpc.call(correlation, 'pool-dispatcher', AdminReleaseDevice, { deviceId: id });
  }

  @Post('devices/:id/ban')
  @HttpCode(200)
  @ApiOperation({ summary: 'Ban a phone: out of every pool for good, its device token revoked, its pending (held) rewards forfeited.' })
  @ApiOkResponse({ type: DeviceView })
  ban(@RequestCorrelation() correlation: CorrelationContext, @Param('id', ParseUUIDPipe) id: string): Promise<DeviceView> {
    return this.rpc.call(correlation, 'pool-dispatcher', AdminBanDevice, { deviceId: id });
  }
}
