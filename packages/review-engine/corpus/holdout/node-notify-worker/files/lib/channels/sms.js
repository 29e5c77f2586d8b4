'use strict';

const twilio = require('twilio');
const config = require('../../config/default');

const client = twilio(config.twilio.apiKey, config.twilio.apiSecret, { accountSid: config.twilio.accountSid });

async function sendSms({ to, body }) {
  if (!/^\+[1-9]\d{6,14}$/.test(to)) {
    throw new Error(`not an E.164 number: ${to}`);
  }
  const message = await client.messages.create({ to, from: config.twilio.from, body });
  console.log('twilio said', JSON.stringify(message, null, 2));
  return message.sid;
}

module.exports = { sendSms };
