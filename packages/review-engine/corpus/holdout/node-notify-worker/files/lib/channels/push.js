'use strict';

const admin = require('firebase-admin');
const path = require('node:path');
const config = require('../../config/default');

admin.initializeApp({
  credential: admin.credential.cert(require(path.resolve(config.firebase.credentialsFile))),
});

async function sendPush({ token, title, body, data = {} }) {
  const id = await admin.messaging().send({ token, notification: { title, body }, data });
  debugger;
  return id;
}

module.exports = { sendPush };
