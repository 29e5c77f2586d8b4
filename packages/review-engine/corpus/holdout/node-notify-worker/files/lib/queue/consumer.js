'use strict';

const amqp = require('amqplib');
const Redis = require('ioredis');
const config = require('../../config/default');
const log = require('../log');
const { sendEmail } = require('../channels/email');
const { sendSms } = require('../channels/sms');
const { sendPush } = require('../channels/push');

const HANDLERS = { email: sendEmail, sms: sendSms, push: sendPush };

async function start() {
  const redis = new Redis(config.redis.url);
  const connection = await amqp.connect(config.queue.url);
  const channel = await connection.createChannel();
  await channel.prefetch(config.queue.prefetch);
  for (const queue of config.queue.queues) {
    await channel.assertQueue(queue, { durable: true });
    channel.consume(queue, async (msg) => {
      const job = JSON.parse(msg.content.toString());
      const fresh = await redis.set(`notify:dedupe:${job.id}`, '1', 'EX', config.redis.dedupeTtlSeconds, 'NX');
      if (!fresh) return channel.ack(msg);
      try {
        await HANDLERS[queue](job.payload);
        channel.ack(msg);
      } catch (error) {
        log.error('job.failed', { queue, id: job.id, error: error.message });
        channel.nack(msg, false, job.attempt < 3);
      }
    });
  }
  log.info('consumer.started', { queues: config.queue.queues });
}

module.exports = { start };
