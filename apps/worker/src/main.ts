import { loadConfigOrExit } from '@kodus/config';

// The environment is checked before the rest of the worker loads (Nest, BullMQ, secretlint, the model SDKs):
// about half a second of CPU, seconds on a busy host. A configuration error exits 78 at once,
// with its one message.
const config = loadConfigOrExit('worker');
void import('./worker.js').then(({ startWorker }) => startWorker(config));
