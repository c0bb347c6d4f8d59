import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { flushErrorReports } from './sentry-error-reporting';

/** Sends the error reports still queued before the process exits (nothing to do when reporting is off). */
@Injectable()
export class FlushErrorReportsOnShutdown implements OnApplicationShutdown {
  onApplicationShutdown(): Promise<void> {
    return flushErrorReports();
  }
}
