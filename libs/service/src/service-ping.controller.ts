import { Controller, Inject } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { Ping, PingReply } from '@zagel/contracts';
import { ReadinessChecks, runReadinessCheck } from '@zagel/observability';
import { SERVICE_IDENTITY, ServiceIdentity } from './service-identity';

const startedAt = Date.now();

/** Answers `system.ping` so the api-gateway can tell whether this service is up, and how fast. */
@Controller()
export class ServicePingController {
  constructor(
    private readonly checks: ReadinessChecks,
    @Inject(SERVICE_IDENTITY) private readonly identity: ServiceIdentity,
  ) {}

  @MessagePattern(Ping.type)
  async ping(): Promise<PingReply> {
    const outcomes = await Promise.all(this.checks
      .list()
      .filter((check) => check.critical !== false)
      .map((check) => runReadinessCheck(check, 1_000)));
    const dependencies = Object.fromEntries(outcomes.map((outcome) => [outcome.name, outcome.up ? 'up' : 'down'] as const));
    return {
      service: this.identity.service,
      instanceId: this.identity.instanceId,
      version: this.identity.version,
      uptimeSeconds: Math.floor((Date.now() - startedAt) / 1_000),
      status: outcomes.every((outcome) => outcome.up) ? 'up' : 'degraded',
      dependencies,
    };
  }
}
