// Log lines per second through pino to stdout, by destination: fd 1 written directly (pino.destination,
// sync), pino's async destination on fd 1, and the process.stdout stream (what PM2 cluster mode captures).
//   node bench/log-destination.mjs [lines] | cat > /dev/null      # a pipe, as docker and PM2 fork mode give
//   node bench/log-destination.mjs [lines] > /tmp/out.log           # a file
// Figures go to stderr.
import { pino } from 'pino';

const lines = Number(process.argv[2] ?? 200000);
const line = {
  req: { method: 'POST', url: '/webhooks/github' },
  statusCode: 202,
  ms: 3.4,
  reqId: 'a'.repeat(36),
};
const destinations = {
  'fd 1, sync (pino.destination)': () => pino.destination({ dest: 1, sync: true }),
  'fd 1, async (pino.destination)': () => pino.destination({ dest: 1, sync: false, minLength: 4096 }),
  'process.stdout': () => process.stdout,
};

async function measure(name, make) {
  const destination = make();
  const logger = pino(
    { base: { component: 'bench', pid: process.pid }, timestamp: pino.stdTimeFunctions.isoTime },
    destination,
  );
  const start = process.hrtime.bigint();
  for (let i = 0; i < lines; i++) logger.info(line, 'request completed');
  if (typeof destination.flushSync === 'function') destination.flushSync();
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  process.stderr.write(`${name}: ${Math.round(lines / seconds)} lines/s\n`);
}

for (let round = 0; round < 2; round++) {
  for (const [name, make] of Object.entries(destinations)) await measure(name, make);
}
