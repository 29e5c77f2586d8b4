import { pino, type Logger, type LoggerOptions } from 'pino';
import pretty from 'pino-pretty';

export type { Logger } from 'pino';

/**
 * Paths pino censors before a line is written. Headers cover every Git provider's signature or token
 * header; the wildcards catch credentials nested one level down in any logged object.
 */
export const REDACT_PATHS: readonly string[] = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["proxy-authorization"]',
  'req.headers["x-hub-signature"]',
  'req.headers["x-hub-signature-256"]',
  'req.headers["x-gitlab-token"]',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers.cookie',
  'authorization',
  'password',
  'token',
  'secret',
  'apiKey',
  'privateKey',
  'accessToken',
  'signature',
  '*.authorization',
  '*.password',
  '*.token',
  '*.secret',
  '*.apiKey',
  '*.privateKey',
  '*.accessToken',
  '*.signature',
  '*.adminToken',
  '*.encryptionKey',
];

export interface CreateLoggerOptions {
  /** The component name, stamped on every line as `component`. */
  component: string;
  level: string;
  /** Human-readable colour output for a developer's terminal; JSON lines otherwise. */
  pretty?: boolean;
  /** Where JSON lines go; `process.stdout` by default. Tests pass a stream to read them back. */
  destination?: NodeJS.WritableStream;
}

export function createLogger(options: CreateLoggerOptions): Logger {
  const settings: LoggerOptions = {
    level: options.level,
    base: { component: options.component, pid: process.pid },
    redact: { paths: [...REDACT_PATHS], censor: '[redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
  };
  if (options.pretty === true) {
    return pino(settings, pretty({ sync: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' }));
  }
  // process.stdout, not fd 1: PM2's cluster workers capture only what goes through process.stdout.write
  // (it sends it to the app's own log files); fd 1 of a cluster worker is the PM2 daemon's own log.
  // It is as fast as a synchronous fd 1 destination (bench/log-destination.mjs, docs/benchmarks.md).
  return pino(settings, options.destination ?? process.stdout);
}

/**
 * Resolves once every line written so far through `process.stdout` has left the process (PM2 cluster
 * workers write them to their log files asynchronously), or after `timeoutMs`: call before exiting.
 */
export function flushStdout(timeoutMs = 2000): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, timeoutMs);
    process.stdout.write('', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}
