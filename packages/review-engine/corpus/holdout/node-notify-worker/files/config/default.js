'use strict';

module.exports = {
  queue: {
    url: process.env.AMQP_URL || 'amqps://notify:Yt6Rw2Kq8Zm4Vn9L@rabbit.beacon-notify.example:5671/notify',
    prefetch: 20,
    queues: ['email', 'sms', 'push'],
  },
  redis: {
    url: process.env.REDIS_URL || 'redis://default:Gp3Lx7Wq2Nk9Vz5T@redis-notify.beacon-notify.example:6379/0',
    dedupeTtlSeconds: 3600,
  },
  mailgun: {
    domain: 'mg.beacon-notify.example',
    key: process.env.MAILGUN_KEY || 'key-8e050fc0b5835c567aa4dfe4e11b5d37',
  },
  twilio: {
    accountSid: process.env.TWILIO_ACCOUNT_SID,
    apiKey: process.env.TWILIO_API_KEY,
    apiSecret: 'UVBehW7A9qNaf98mDSLAjV8bRlL0ntgX',
    from: '+14155550123',
  },
  firebase: {
    credentialsFile: process.env.GOOGLE_APPLICATION_CREDENTIALS || 'credentials/firebase-service-account.json',
  },
};
