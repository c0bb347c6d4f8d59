import { Controller, Get, Res } from '@nestjs/common';
import type { HealthCheckResult } from '@nestjs/terminus';
import type { FastifyReply } from 'fastify';
import { OperationalRoute } from '../http/operational-routes';
import { ReadinessProbe } from './readiness-probe';

@OperationalRoute()
@Controller('health')
export class HealthController {
  constructor(private readonly readiness: ReadinessProbe) {}

  /** Liveness: answers while the event loop turns; dependencies are readiness's business. */
  @Get()
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /** Readiness: 200 when every critical check passes, else 503 naming the failing ones. */
  @Get('ready')
  async ready(@Res({ passthrough: true }) reply: FastifyReply): Promise<HealthCheckResult> {
    // The status is set here rather than thrown, so an app's exception filter cannot reshape it.
    const report = await this.readiness.check();
    reply.status(report.statusCode);
    return report.body;
  }
}
