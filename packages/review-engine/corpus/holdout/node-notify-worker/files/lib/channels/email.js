'use strict';

const formData = require('form-data');
const Mailgun = require('mailgun.js');
const config = require('../../config/default');
const log = require('../log');

const mg = new Mailgun(formData).client({ username: 'api', key: config.mailgun.key, url: 'https://api.eu.mailgun.net' });

async function sendEmail({ to, subject, html, tags = [] }) {
  const result = await mg.messages.create(config.mailgun.domain, {
    from: 'Beacon <no-reply@beacon-notify.example>',
    to: [to],
    subject,
    html,
    'o:tag': tags,
  });
  log.info('email.sent', { to, id: result.id });
  return result.id;
}

module.exports = { sendEmail };
