import { LlmStandIn, type LlmStandInOptions } from '@kodus/test-helpers';
import { LlmReviewer, type LlmLogger, type LlmReviewerOptions, type LlmReviewRequest } from '../src';
import { RATE_LIMIT_FILES, RATE_LIMIT_PULL_REQUEST } from './fixtures/rate-limit-pull-request';

export const TEST_KEY = 'sk-test-0123456789abcdefghijklmnop';

/** A logger that keeps every line as JSON text, so tests can look for what must never be logged. */
export function captureLogger(): LlmLogger & { lines: string[] } {
  const lines: string[] = [];
  const keep = (level: string) => (object: object, message: string) => {
    lines.push(JSON.stringify({ level, message, ...object }));
  };
  return { lines, debug: keep('debug'), info: keep('info'), warn: keep('warn') };
}

export async function startStandIn(options: LlmStandInOptions = { apiKey: TEST_KEY }): Promise<LlmStandIn> {
  return new LlmStandIn(options).start();
}

export function reviewer(
  standIn: LlmStandIn,
  options: Partial<LlmReviewerOptions> = {},
): { reviewer: LlmReviewer; logger: ReturnType<typeof captureLogger> } {
  const logger = captureLogger();
  const reviewer = new LlmReviewer({
    provider: 'openai',
    model: 'gpt-4o-mini',
    apiKey: TEST_KEY,
    baseUrl: standIn.url,
    logger,
    ...options,
    retry: { baseDelayMs: 1, maxDelayMs: 2_000, ...options.retry },
  });
  return { reviewer, logger };
}

export function rateLimitRequest(overrides: Partial<LlmReviewRequest> = {}): LlmReviewRequest {
  return {
    today: '2026-11-29',
    pullRequest: RATE_LIMIT_PULL_REQUEST,
    files: RATE_LIMIT_FILES,
    rules: [
      {
        id: 'no-console',
        title: 'No console logging in services',
        body: 'Use the request logger instead of console.*; logs must never carry personal data such as e-mail addresses.',
        paths: ['src/**'],
      },
      {
        id: 'docs-tone',
        title: 'Docs use the second person',
        body: 'Write "you", not "the user".',
        paths: ['docs/**'],
      },
    ],
    language: 'en-US',
    ...overrides,
  };
}

/** A suggestion in the contract's shape, on the fixture's logging line unless told otherwise. */
export function suggestion(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    relevantFile: 'src/auth/login.ts',
    relevantLinesStart: 9,
    relevantLinesEnd: 9,
    label: 'kody_rules',
    severity: 'high',
    suggestionContent: 'This logs the e-mail address of every login attempt; rule no-console forbids it.',
    oneSentenceSummary: 'Personal data logged on every login attempt.',
    existingCode: 'console.log(`login attempt for ${req.body.email}`);',
    improvedCode: null,
    ...overrides,
  };
}
