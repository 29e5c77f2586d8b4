import type { LlmCallOutcome } from './types';

/** What a failed call means for the next step. */
export interface CallFailure {
  outcome: LlmCallOutcome;
  /** Worth another attempt on the same model (after `retryAfterMs` when the provider said so). */
  retryable: boolean;
  retryAfterMs?: number;
  /** Worth trying the fallback model (not for a bad key: the fallback shares it; not once aborted). */
  fallbackUseful: boolean;
  /** For the result and the log: never a secret, never the prompt. */
  reason: string;
}

export interface CallSignals {
  caller?: AbortSignal;
  deadline: AbortSignal;
  timeout: AbortSignal;
}

const CONTEXT_OVERFLOW =
  /context[_ ]length|context window|maximum context|prompt is too long|too many (input )?tokens|input.*too long/i;

/** Removes the key (and anything shaped like one) and bounds the length of a provider's error text. */
export function scrubSecrets(text: string, apiKey: string | undefined): string {
  let safe = text;
  if (apiKey) safe = safe.split(apiKey).join('[redacted]');
  safe = safe.replace(/\b(sk|pk|rk|key|AIza)[-_A-Za-z0-9*.]{12,}/g, '[redacted]');
  safe = safe.replace(/\s+/g, ' ').trim();
  return safe.length > 300 ? `${safe.slice(0, 300)}...` : safe;
}

/** `Retry-After` (seconds or an HTTP date) or OpenAI's `retry-after-ms`, in milliseconds. */
export function retryAfterMs(
  headers: Record<string, string> | undefined,
  now = Date.now(),
): number | undefined {
  if (!headers) return undefined;
  const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
  const ms = Number(lower['retry-after-ms']);
  if (lower['retry-after-ms'] !== undefined && Number.isFinite(ms) && ms >= 0) return ms;
  const value = lower['retry-after'];
  if (value === undefined) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

interface HttpError {
  statusCode?: number;
  responseHeaders?: Record<string, string>;
  responseBody?: string;
  message: string;
}

// Errors are read by shape, not instanceof: fetch's come from Node's own realm (another one under Jest),
// the AI SDK's classes from ES modules this CommonJS package does not import statically.
function field(error: unknown, key: 'name' | 'message' | 'cause'): unknown {
  return typeof error === 'object' && error !== null && key in error
    ? (error as Record<string, unknown>)[key]
    : undefined;
}

function isHttpError(error: unknown): error is HttpError {
  return field(error, 'name') === 'AI_APICallError' && typeof field(error, 'message') === 'string';
}

function httpFailure(error: HttpError, apiKey: string | undefined): CallFailure {
  const status = error.statusCode;
  if (status === undefined) {
    return {
      outcome: 'network-error',
      retryable: true,
      fallbackUseful: true,
      reason: 'the model endpoint did not answer',
    };
  }
  if (status >= 200 && status < 300) {
    // The SDK could not read a successful answer's body (invalid JSON, not the API's shape).
    return {
      outcome: 'unparsable',
      retryable: false,
      fallbackUseful: false,
      reason: 'the provider answered with a body that is not its API format',
    };
  }
  const outcome = `http-${status}` as const;
  if (status === 401 || status === 403) {
    // Providers echo (part of) the key in these messages: none of it is kept.
    return {
      outcome,
      retryable: false,
      fallbackUseful: false,
      reason: `HTTP ${status}: the provider refused the API key (LLM_API_KEY)`,
    };
  }
  const detail = scrubSecrets(error.message, apiKey);
  const overflow = CONTEXT_OVERFLOW.test(`${error.message} ${error.responseBody ?? ''}`);
  if (status === 400 && overflow) {
    return {
      outcome,
      retryable: false,
      fallbackUseful: true,
      reason: `HTTP 400: the request is over the model's context window (${detail})`,
    };
  }
  if (status === 408 || status === 409 || status === 429 || status >= 500) {
    const after = retryAfterMs(error.responseHeaders);
    const failure: CallFailure = {
      outcome,
      retryable: true,
      fallbackUseful: true,
      reason: `HTTP ${status}: ${detail}`,
    };
    if (after !== undefined) failure.retryAfterMs = after;
    return failure;
  }
  return { outcome, retryable: false, fallbackUseful: status === 404, reason: `HTTP ${status}: ${detail}` };
}

/** Classifies what a model call threw. The signals say whether an abort came from the caller, the deadline or the timeout. */
export function classifyFailure(
  error: unknown,
  signals: CallSignals,
  apiKey: string | undefined,
): CallFailure {
  if (signals.caller?.aborted) {
    return { outcome: 'aborted', retryable: false, fallbackUseful: false, reason: 'aborted by the caller' };
  }
  if (signals.deadline.aborted) {
    return {
      outcome: 'deadline',
      retryable: false,
      fallbackUseful: false,
      reason: "the review's deadline passed",
    };
  }
  if (signals.timeout.aborted) {
    return {
      outcome: 'timeout',
      retryable: true,
      fallbackUseful: true,
      reason: 'the model did not answer within the call timeout',
    };
  }
  if (isHttpError(error)) return httpFailure(error, apiKey);
  const name = String(field(error, 'name') ?? '');
  const message = String(field(error, 'message') ?? error);
  if (
    name === 'AI_JSONParseError' ||
    name === 'AI_TypeValidationError' ||
    name === 'AI_InvalidResponseDataError'
  ) {
    return {
      outcome: 'unparsable',
      retryable: false,
      fallbackUseful: false,
      reason: 'the provider answered with a body that is not its API format',
    };
  }
  const cause = field(error, 'cause');
  if (
    name === 'TypeError' ||
    /ECONN|ENOTFOUND|EAI_AGAIN|socket|fetch failed/i.test(
      `${message} ${String(field(cause, 'message') ?? '')}`,
    )
  ) {
    return {
      outcome: 'network-error',
      retryable: true,
      fallbackUseful: true,
      reason: 'the model endpoint could not be reached',
    };
  }
  return {
    outcome: 'network-error',
    retryable: false,
    fallbackUseful: true,
    reason: scrubSecrets(message, apiKey),
  };
}
