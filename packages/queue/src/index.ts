export { Consumer, type ConsumerOptions } from './consumer';
export { QUEUE_NAMES, type QueueName } from './queues';
export {
  createRedisConnection,
  RedisDependency,
  type Redis,
  type RedisConnectionOptions,
} from './redis-connection';
