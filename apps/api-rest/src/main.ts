import { loadConfigOrExit } from '@kodus/config';

// The environment is checked before the rest of the API loads (Nest, Fastify, Swagger, BullMQ):
// about half a second of CPU, seconds on a busy host. A configuration error exits 78 at once,
// with its one message.
const config = loadConfigOrExit('api');
void import('./api.js').then(({ startApi }) => startApi(config));
