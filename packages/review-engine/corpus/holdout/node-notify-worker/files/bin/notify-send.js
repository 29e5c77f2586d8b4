#!/usr/bin/env node
'use strict';

// Operator tool: send one notification by hand, e.g. `notify-send sms --to +4915112345678 --body "test"`.
const yargs = require('yargs/yargs');
const { hideBin } = require('yargs/helpers');

const argv = yargs(hideBin(process.argv))
  .command('email', 'send an email', (y) => y.option('to', { demandOption: true }).option('subject', { demandOption: true }))
  .command('sms', 'send an SMS', (y) => y.option('to', { demandOption: true }).option('body', { demandOption: true }))
  .demandCommand(1)
  .strict()
  .parse();

(async () => {
  const [channel] = argv._;
  if (channel === 'sms') {
    const { sendSms } = require('../lib/channels/sms');
    console.log(`sent: ${await sendSms({ to: argv.to, body: argv.body })}`);
  } else {
    const { sendEmail } = require('../lib/channels/email');
    console.log(`sent: ${await sendEmail({ to: argv.to, subject: argv.subject, html: '<p>test</p>' })}`);
  }
})().catch((error) => {
  console.error(error.message);
  process.exitCode = 1;
});
