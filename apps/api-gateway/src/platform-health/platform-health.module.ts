import { Injectable, Module, OnModuleInit } from '@nestjs/common';
import { SERVICE_NAMES } from '@zagel/config';
import { BusClients, BusClientsModule } from '@zagel/messaging';
import { ReadinessChecks } from '@zagel/observability';
import { servicePingCheck } from './service-ping';

/** Below the readiness probe's own per-check limit (1 s), so a slow service reads as a timeout, not a hang. */
const PING_TIMEOUT_MS = 900;

@Injectable()
class PlatformPings implements OnModuleInit {
  constructor(
    private readonly clients: BusClients,
    private readonly checks: ReadinessChecks,
  ) {}

  onModuleInit(): void {
    this.checks.add(...SERVICE_NAMES.map((service) => servicePingCheck(this.clients.for(service), PING_TIMEOUT_MS)));
  }
}

/** `GET /health/ready` on the gateway also pings all eight services over the bus and shows each round trip. */
@Module({ imports: [BusClientsModule.register(...SERVICE_NAMES)], providers: [PlatformPings] })
export class PlatformHealthModule {}
