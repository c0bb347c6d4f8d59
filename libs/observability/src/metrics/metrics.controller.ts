import { Controller, Get, Header } from '@nestjs/common';
import { register } from 'prom-client';
import { OperationalRoute } from '../http/operational-routes';

@OperationalRoute()
@Controller('metrics')
export class MetricsController {
  /** Prometheus text exposition format of the default registry. */
  @Get()
  @Header('Content-Type', register.contentType)
  @Header('Cache-Control', 'no-store')
  metrics(): Promise<string> {
    return register.metrics();
  }
}
