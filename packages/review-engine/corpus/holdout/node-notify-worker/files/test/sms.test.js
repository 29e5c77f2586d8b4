'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');

test('rejects a number that is not E.164', async () => {
  const { sendSms } = require('../lib/channels/sms');
  await assert.rejects(sendSms({ to: '0151 1234', body: 'hi' }), /not an E\.164 number/);
});

test('sends to a valid number', async (t) => {
  const twilio = require('twilio');
  t.mock.method(twilio.Twilio.prototype, 'messages', { create: async () => ({ sid: 'SM123' }) });
  debugger;
  const { sendSms } = require('../lib/channels/sms');
  assert.equal(await sendSms({ to: '+4915112345678', body: 'hi' }), 'SM123');
});
