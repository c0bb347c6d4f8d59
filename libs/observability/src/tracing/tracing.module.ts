import { Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import { stopTracing } from './tracing';

@Injectable()
class TracingShutdown implements OnApplicationShutdown {
  /** Spans still batched are exported before the process exits (nothing to do while tracing is off). */
  async onApplicationShutdown(): Promise<void> {
    await stopTracing();
  }
}

/** Flushes and stops the process's tracing SDK (see startTracing) when the Nest app shuts down. */
@Module({ providers: [TracingShutdown] })
export class TracingModule {}
