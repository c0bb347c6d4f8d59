import { INestApplication, ModuleMetadata } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import * as amqplib from 'amqplib';
import { randomBytes } from 'node:crypto';
import { Contract, defineCommand, defineEvent } from '@zagel/contracts';
import {
  Bus,
  BusModule,
  BusOptions,
  busOptionsFromConfig,
  connectBusTransport,
  deleteBusTopology,
  ServiceCleanup,
} from '@zagel/messaging';
import { TestNamespace, until } from '@zagel/testing';
import { ThingPayload } from './fixtures/thing.payload';

/** A contract type no other test (or test run) defines. */
export function uniqueType(name: string): string {
  return `test.${randomBytes(4).toString('hex')}.${name}`;
}

export function testEvent(name: string): Contract<ThingPayload> {
  return defineEvent(uniqueType(name), 1, ThingPayload);
}

export function testCommand(name: string): Contract<ThingPayload> {
  return defineCommand(uniqueType(name), 1, ThingPayload);
}

/** Tracks the buses and Nest apps a test file opens and removes everything they declared afterwards. */
export class BusFixture {
  private readonly buses: Bus[] = [];
  private readonly apps: INestApplication[] = [];
  private readonly services = new Map<string, ServiceCleanup>();

  constructor(readonly test: TestNamespace) {}

  options(service: string, overrides: Partial<BusOptions> = {}): BusOptions {
    return busOptionsFromConfig(this.test.settings, service, { connectTimeoutMs: 5_000, ...overrides });
  }

  async connect(service: string, overrides: Partial<BusOptions> = {}): Promise<Bus> {
    const options = this.options(service, overrides);
    this.track({
      service,
      instanceIds: [options.instanceId],
      retryDelaysMs: options.retryDelaysMs,
      eventLanes: ['bulk', 'otp'],
    });
    const bus = await Bus.connect(options);
    this.buses.push(bus);
    return bus;
  }

  /**
   * A Nest app of one service with the bus as its transport, booted the way a Zagel service is:
   * every module initialised, then consuming. `metadata` holds the controllers under test.
   */
  async startNestApp(service: string, metadata: ModuleMetadata, overrides: Partial<BusOptions> = {}): Promise<INestApplication> {
    const options = this.options(service, overrides);
    this.track({ service, instanceIds: [options.instanceId], retryDelaysMs: options.retryDelaysMs, eventLanes: ['bulk', 'otp'] });
    const app = await NestFactory.create(
      { module: class BusTestApp {}, imports: [BusModule.forRoot(options), ...(metadata.imports ?? [])], controllers: metadata.controllers, providers: metadata.providers },
      new FastifyAdapter(),
      { logger: false },
    );
    this.apps.push(app);
    connectBusTransport(app);
    await app.init();
    await app.startAllMicroservices();
    return app;
  }

  track(cleanup: ServiceCleanup): void {
    const known = this.services.get(cleanup.service);
    this.services.set(cleanup.service, {
      ...cleanup,
      instanceIds: [...new Set([...(known?.instanceIds ?? []), ...(cleanup.instanceIds ?? [])])],
      retryDelaysMs: [...new Set([...(known?.retryDelaysMs ?? []), ...(cleanup.retryDelaysMs ?? [])])],
    });
  }

  async cleanup(): Promise<void> {
    await Promise.allSettled(this.apps.map((app) => app.close()));
    await Promise.allSettled(this.buses.map((bus) => bus.close()));
    await deleteBusTopology(this.test.settings.RABBITMQ_URL, this.test.namespace, [...this.services.values()]);
  }

  /** A raw amqplib channel, for publishing what the bus would refuse and reading dead-letter queues. */
  async rawChannel(): Promise<{ channel: amqplib.Channel; close: () => Promise<void> }> {
    const connection = await amqplib.connect(this.test.settings.RABBITMQ_URL);
    const channel = await connection.createChannel();
    return { channel, close: () => connection.close() };
  }
}

/** Polls until `check` returns a value (not undefined), or fails after `timeoutMs`. */
export async function eventually<T>(
  check: () => T | undefined | Promise<T | undefined>,
  timeoutMs = 30_000,
): Promise<T> {
  const found = await until(async () => {
    const value = await check();
    return value === undefined ? undefined : { value };
  }, { what: 'the condition', deadline: timeoutMs, interval: 20 });
  return found.value;
}

/**
 * Waits for `count()` to reach `total`, failing only when it stops moving for `stallMs`: a throughput
 * wait that is as patient as a busy machine needs, yet fails fast when nothing happens any more.
 */
export async function progressesTo(count: () => number, total: number, stallMs = 15_000): Promise<void> {
  let last = count();
  let lastMovedAt = Date.now();
  while (last < total) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    const now = count();
    if (now !== last) {
      last = now;
      lastMovedAt = Date.now();
    } else if (Date.now() - lastMovedAt > stallMs) {
      throw new Error(`stalled at ${now} of ${total}: no progress for ${stallMs} ms`);
    }
  }
}

/** Takes one message from a queue (the dead-letter queues), waiting for it to arrive. */
export async function takeMessage(channel: amqplib.Channel, queue: string, timeoutMs = 10_000) {
  return eventually(async () => (await channel.get(queue, { noAck: true })) || undefined, timeoutMs);
}
