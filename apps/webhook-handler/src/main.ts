import { loadConfigOrExit } from '@kodus/config';

// The environment is checked before the rest of the webhook-handler loads (Nest, Fastify, BullMQ, the adapters):
// about half a second of CPU, seconds on a busy host. A configuration error exits 78 at once,
// with its one message.
const config = loadConfigOrExit('webhook');
void import('./webhook-handler.js').then(({ startWebhookHandler }) => startWebhookHandler(config));
