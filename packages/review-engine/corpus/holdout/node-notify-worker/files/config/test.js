'use strict';

// Local test stack (docker compose -f docker-compose.test.yml up): throwaway credentials.
module.exports = {
  queue: { url: 'amqp://guest:guest@localhost:5672', prefetch: 1, queues: ['email', 'sms', 'push'] },
  redis: { url: 'redis://localhost:6379/15', dedupeTtlSeconds: 5 },
  mailgun: { domain: 'sandbox.mailgun.test', key: 'key-test' },
  twilio: { accountSid: 'AC00000000000000000000000000000000', apiKey: 'SK00000000000000000000000000000000', apiSecret: 'test', from: '+15005550006' },
  firebase: { credentialsFile: 'test/fixtures/fake-service-account.json' },
};
