import { INestApplication } from '@nestjs/common';
import { MicroserviceOptions, NestMicroservice } from '@nestjs/microservices';
import { Bus } from './bus';
import { BusTransport } from './bus-transport';
import { PassBusErrorsThrough } from './pass-bus-errors-through.filter';

/**
 * Connects the bus to a Nest app as its transport (a hybrid app): every controller's `@EventPattern`
 * and `@MessagePattern` handler is registered on the app's `Bus`. Nothing is consumed until
 * `app.startAllMicroservices()`, which the caller runs once `app.init()` has initialised every module.
 *
 * `PassBusErrorsThrough` must be in place before the handlers are registered (Nest binds a handler's
 * filters then), so the connection defers Nest's registration, adds the filter, and then registers,
 * as `connectMicroservice` itself would: the app's init hooks have run or will run once, for the
 * app, not again for the transport. Pipes, guards and interceptors are bound per controller or
 * method; the HTTP app's global ones (HTTP-specific, like its problem-details filter) do not apply.
 */
export function connectBusTransport(app: INestApplication): BusTransport {
  const transport = new BusTransport(app.get(Bus));
  const microservice = app.connectMicroservice<MicroserviceOptions>({ strategy: transport }, { deferInitialization: true });
  if (!(microservice instanceof NestMicroservice)) throw new Error('unexpected Nest microservice implementation');
  microservice.useGlobalFilters(new PassBusErrorsThrough());
  microservice.registerListeners();
  microservice.setIsInitialized(true);
  microservice.setIsInitHookCalled(true);
  return transport;
}
