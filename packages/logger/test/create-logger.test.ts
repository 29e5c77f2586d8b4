import { PassThrough } from 'node:stream';
import { createLogger, NestPinoLogger } from '../src';

function capture(level = 'info') {
  const stream = new PassThrough();
  const lines: Record<string, unknown>[] = [];
  stream.on('data', (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n')) if (line) lines.push(JSON.parse(line));
  });
  const logger = createLogger({ component: 'test', level, destination: stream });
  return { logger, lines };
}

describe('createLogger', () => {
  it('writes one JSON object per line with level label, time and component', () => {
    const { logger, lines } = capture();
    logger.info({ repository: 'acme/api' }, 'review queued');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 'info',
      component: 'test',
      repository: 'acme/api',
      msg: 'review queued',
    });
    expect(typeof lines[0]?.time).toBe('string');
  });

  it('redacts authorization headers, signatures, tokens and secrets', () => {
    const { logger, lines } = capture();
    logger.info({
      req: {
        headers: {
          authorization: 'Bearer abc123',
          'x-hub-signature-256': 'sha256=deadbeef',
          'x-gitlab-token': 'glpat-xyz',
          'user-agent': 'GitHub-Hookshot/1',
        },
      },
      token: 'ghp_topsecret',
      integration: { secret: 's3cr3t', password: 'pw', apiKey: 'sk-live', name: 'acme' },
    });
    const text = JSON.stringify(lines[0]);
    for (const leaked of ['abc123', 'deadbeef', 'glpat-xyz', 'ghp_topsecret', 's3cr3t', '"pw"', 'sk-live']) {
      expect(text).not.toContain(leaked);
    }
    expect(text).toContain('GitHub-Hookshot/1');
    expect(text).toContain('acme');
  });

  it('honours the level', () => {
    const { logger, lines } = capture('warn');
    logger.info('hidden');
    logger.warn('shown');
    expect(lines.map((l) => l.msg)).toEqual(['shown']);
  });
});

describe('NestPinoLogger', () => {
  it('maps Nest log calls to pino levels with their context', () => {
    const { logger, lines } = capture('trace');
    const nest = new NestPinoLogger(logger);
    nest.log('Mapped {/health/live, GET} route', 'RouterExplorer');
    nest.error('boom', 'Error: boom\n    at x', 'ExceptionHandler');
    nest.verbose('details');
    expect(lines[0]).toMatchObject({
      level: 'info',
      context: 'RouterExplorer',
      msg: 'Mapped {/health/live, GET} route',
    });
    expect(lines[1]).toMatchObject({ level: 'error', context: 'ExceptionHandler', msg: 'boom' });
    expect(lines[1]?.stack).toContain('Error: boom');
    expect(lines[2]).toMatchObject({ level: 'trace', msg: 'details' });
  });
});
