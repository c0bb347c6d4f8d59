import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { Server as HttpServer } from 'node:http';
import { Server } from 'socket.io';
import { DEVICE_NAMESPACE, DeviceConnectError, DeviceToServerEvents, ServerToDeviceEvents } from '@zagel/contracts';
import { DeviceGatewayConfig } from '../config';
import { LeaseStore } from '../leases/lease-store';
import { DeviceAuthenticator } from './device-authenticator';
import { deviceGatewayMetrics } from './device-gateway.metrics';
import { DeviceSessions } from './device-sessions';
import { DeviceSocket, DeviceSocketData } from './live-devices';

/**
 * The phones' Socket.IO server, on the service's own HTTP port (beside health and metrics):
 * namespace `/device`, websocket transport only, handshake token checked before the connection opens.
 */
@Injectable()
export class DeviceSocketServer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(DeviceSocketServer.name);
  private io?: Server<DeviceToServerEvents, ServerToDeviceEvents, Record<string, never>, DeviceSocketData>;
  private accepting = true;

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly authenticator: DeviceAuthenticator,
    private readonly sessions: DeviceSessions,
    private readonly leases: LeaseStore,
    private readonly settings: DeviceGatewayConfig,
  ) {}

  onApplicationBootstrap(): void {
    const httpServer = this.adapterHost.httpAdapter.getHttpServer() as HttpServer;
    this.io = new Server(httpServer, {
      transports: ['websocket'],
      serveClient: false,
      maxHttpBufferSize: this.settings.DEVICE_MAX_PAYLOAD_BYTES,
      pingInterval: 25_000,
      pingTimeout: 20_000,
    });
    this.io.of('/').use((_socket, next) => next(new Error('unknown_namespace')));
    const devices = this.io.of(DEVICE_NAMESPACE);
    devices.use((socket, next) => {
      if (!this.accepting) return next(this.refusal(DeviceConnectError.ShuttingDown));
      const auth = socket.handshake.auth as { token?: unknown } | undefined;
      this.authenticator.authenticate(auth?.token).then((outcome) => {
        if ('refused' in outcome) return next(this.refusal(outcome.refused));
        socket.data = { deviceId: outcome.device.deviceId, ownerId: outcome.device.ownerId };
        next();
      }, (error: unknown) => next(error instanceof Error ? error : new Error(DeviceConnectError.Unavailable)));
    });
    devices.on('connection', (socket: DeviceSocket) => {
      this.sessions.open(socket, socket.data).catch((error: unknown) => {
        this.logger.error(`device ${socket.data.deviceId}: connection not opened: ${error instanceof Error ? error.message : String(error)}`);
        socket.disconnect(true);
      });
    });
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.accepting = false;
    try {
      await this.sessions.closeAll((deviceId) => this.leases.inFlight(deviceId));
    } catch (error) {
      this.logger.error(`leases not all handed back: ${error instanceof Error ? error.message : String(error)}`);
    }
    // Not io.close(): that would also close the HTTP server, which Nest closes itself.
    this.io?.disconnectSockets(true);
    this.io?.engine.close();
  }

  private refusal(reason: DeviceConnectError): Error {
    deviceGatewayMetrics.handshakesRefused.inc({ reason });
    return new Error(reason);
  }
}
