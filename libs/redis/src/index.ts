export * from './redis-client';
export * from './redis-keys';
export * from './redis.module';
export * from './redis-health';
export { countRedisCommands, REDIS_COMMANDS, redisCommands } from './redis-command-counter';
export * from './lua-script';
