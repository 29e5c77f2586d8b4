import { withoutEmptyValues } from '@kodus/config';
import { LLM_PROVIDER_NAMES } from '@kodus/llm-review';
import { z } from 'zod';

const whole = (min: number, max: number) =>
  z.coerce
    .number({ error: 'must be a number' })
    .int('must be a whole number')
    .min(min, `must be between ${min} and ${max}`)
    .max(max, `must be between ${min} and ${max}`);

/**
 * The LLM_* variables the worker reads, with the same meaning; unset or `none`: analyzers only. Read from
 * an environment without its empty values ({@link parseCliEnv}): `VAR=` means unset, as for the worker.
 */
export const cliEnvSchema = z
  .object({
    LLM_PROVIDER: z
      .enum(['none', ...LLM_PROVIDER_NAMES], {
        error: `must be one of none, ${LLM_PROVIDER_NAMES.join(', ')}`,
      })
      .default('none'),
    LLM_MODEL: z.string().min(1).optional(),
    LLM_API_KEY: z.string().min(1).optional(),
    LLM_BASE_URL: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional(),
    LLM_FALLBACK_MODEL: z.string().min(1).optional(),
    LLM_MAX_CONCURRENCY: whole(1, 64).default(4),
    LLM_TIMEOUT_MS: whole(1_000, 900_000).default(120_000),
    LLM_CONTEXT_WINDOW: whole(1_024, 10_000_000).optional(),
    LLM_MAX_INPUT_TOKENS: whole(1_024, 10_000_000).default(60_000),
    LLM_MAX_CALLS_PER_REVIEW: whole(1, 500).default(20),
    LLM_PRICES_FILE: z.string().min(1).optional(),
  })
  .superRefine((env, ctx) => {
    if (env.LLM_PROVIDER === 'none') return;
    if (!env.LLM_MODEL)
      ctx.addIssue({
        code: 'custom',
        path: ['LLM_MODEL'],
        message: `is required when LLM_PROVIDER=${env.LLM_PROVIDER}`,
      });
    if (env.LLM_PROVIDER === 'openai-compatible' && !env.LLM_BASE_URL) {
      ctx.addIssue({
        code: 'custom',
        path: ['LLM_BASE_URL'],
        message: 'is required when LLM_PROVIDER=openai-compatible',
      });
    }
    if (env.LLM_PROVIDER !== 'openai-compatible' && !env.LLM_API_KEY) {
      ctx.addIssue({
        code: 'custom',
        path: ['LLM_API_KEY'],
        message: `is required when LLM_PROVIDER=${env.LLM_PROVIDER}`,
      });
    }
  });

export type CliEnv = z.infer<typeof cliEnvSchema>;

/** The variables, or the problems (names and messages only: never a value, which may be a key). */
export function parseCliEnv(env: NodeJS.ProcessEnv): { env: CliEnv } | { problems: string[] } {
  // The worker's rule (@kodus/config): `LLM_TIMEOUT_MS=` as `set -a; . .env` leaves it is unset, not 0.
  const parsed = cliEnvSchema.safeParse(withoutEmptyValues(env));
  if (parsed.success) return { env: parsed.data };
  return { problems: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`) };
}
