import { DynamicModule, Inject, Injectable, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import { Namespace, PlatformConfig } from '@zagel/config';
import { closeRedisClient, createRedisClient, RedisClient } from './redis-client';
import { RedisKeys } from './redis-keys';

export const REDIS_CLIENT = Symbol('zagel.redisClient');

/** Injects the process's Redis client: `constructor(@InjectRedis() redis: RedisClient)`. */
export const InjectRedis = () => Inject(REDIS_CLIENT);

@Injectable()
class RedisLifecycle implements OnApplicationShutdown {
  constructor(@Inject(REDIS_CLIENT) private readonly client: RedisClient) {}

  async onApplicationShutdown(): Promise<void> {
    await closeRedisClient(this.client);
  }
}

/** One connected client for the whole app, plus the namespace's `RedisKeys`. */
@Module({})
export class RedisModule {
  static forRoot(options: { config: PlatformConfig; name?: string }): DynamicModule {
    return {
      module: RedisModule,
      global: true,
      providers: [
        {
          provide: REDIS_CLIENT,
          useFactory: () => createRedisClient({ ...options, logger: new Logger('Redis') }),
        },
        { provide: RedisKeys, useValue: new RedisKeys(new Namespace(options.config.ZAGEL_NAMESPACE)) },
        RedisLifecycle,
      ],
      exports: [REDIS_CLIENT, RedisKeys],
    };
  }
}
