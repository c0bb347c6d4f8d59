import { ArgumentsHost, Catch, RpcExceptionFilter } from '@nestjs/common';
import { Observable, throwError } from 'rxjs';

/**
 * Hands a bus handler's error to the bus exactly as thrown. Nest's default RPC filter would log it
 * and replace it with `{status: 'error', message: 'Internal server error'}`: the bus could no
 * longer tell a `PermanentFailure` (dead letter) from a passing failure (retry), nor answer an RPC
 * caller with the error's `code` and `details`. The bus logs and settles what reaches it.
 */
@Catch()
export class PassBusErrorsThrough implements RpcExceptionFilter<unknown> {
  catch(exception: unknown, _host: ArgumentsHost): Observable<never> {
    return throwError(() => exception);
  }
}
