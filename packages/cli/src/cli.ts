import { readdir, readFile, writeFile } from 'node:fs/promises';
import { basename, extname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import {
  LlmCodeReviewer,
  type LlmLogger,
  LlmReviewAbortedError,
  type LlmReviewer,
  llmReviewerFromEnv,
} from '@kodus/llm-review';
import type { RepositoryReader, Reviewer } from '@kodus/review-engine';
import { BENCHMARK_VERSION, type BenchResult, benchResult, type BenchSubmission } from './bench';
import { parseCliEnv } from './env';
import { fsReader } from './fs-reader';
import { diffOfRange, gitReader } from './git';
import { formatReview } from './print';
import { analyzersReviewer, reviewDiff } from './review-diff';

export interface CliIo {
  cwd: string;
  env: NodeJS.ProcessEnv;
  readStdin: () => Promise<string>;
  out: (text: string) => void;
  err: (text: string) => void;
  /** Aborted on SIGINT/SIGTERM by the bin. */
  signal: AbortSignal;
}

export const USAGE = `Usage: kodus review [--range A..B | --diff FILE | --bench-cases DIR] [options]
  (no source: the diff is read from stdin)

  --range A..B        review \`git diff A..B\` in the current repository (.kodus.yml and .kody/rules read at A)
  --diff FILE         review a unified diff file (settings and rules read from the working tree)
  --bench-cases DIR   one case per *.diff/*.patch file in DIR (case id: the file name without extension)
  --bench-out FILE    write codereviewbench's submission format (benchmarkVersion, run, results[])
  --title TEXT        the change's title (default: the range, the file name or "local diff")
  --description TEXT  the change's description
  --no-llm            the built-in analyzers only, even with LLM_PROVIDER set
  --verbose           log the LLM calls to stderr

The LLM reviewer is configured by the worker's variables: LLM_PROVIDER, LLM_MODEL, LLM_API_KEY, LLM_BASE_URL...
`;

/** Exit codes: 0 done, 1 the review could not run, 64 usage, 78 configuration, 130 interrupted. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        range: { type: 'string' },
        diff: { type: 'string' },
        'bench-cases': { type: 'string' },
        'bench-out': { type: 'string' },
        title: { type: 'string' },
        description: { type: 'string' },
        'no-llm': { type: 'boolean', default: false },
        verbose: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    io.err(`${(error as Error).message}\n\n${USAGE}`);
    return 64;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.out(USAGE);
    return 0;
  }
  const sources = [values.range, values.diff, values['bench-cases']].filter((v) => v !== undefined);
  if (positionals[0] !== 'review' || positionals.length > 1 || sources.length > 1) {
    io.err(USAGE);
    return 64;
  }

  const env = parseCliEnv(io.env);
  if ('problems' in env) {
    io.err(`Invalid configuration:\n${env.problems.map((p) => `  - ${p}`).join('\n')}\n`);
    return 78;
  }
  const reviewers: Reviewer[] = [analyzersReviewer()];
  const llmOn = !values['no-llm'] && env.env.LLM_PROVIDER !== 'none';
  if (llmOn) {
    let llm: LlmReviewer | undefined;
    try {
      llm = await llmReviewerFromEnv(env.env, stderrLogger(io, values.verbose));
    } catch (error) {
      // LLM_PRICES_FILE unreadable or invalid: a configuration error, as in the worker (the message names
      // the variable and the path, never the file's content).
      io.err(`Invalid configuration:\n  - ${(error as Error).message}\n`);
      return 78;
    }
    if (llm) reviewers.push(new LlmCodeReviewer({ llm }));
  }

  const cases: { caseId: string; diff: () => Promise<string>; base: RepositoryReader; title: string }[] = [];
  try {
    if (values.range !== undefined) {
      const { diff, base } = await diffOfRange(io.cwd, values.range);
      cases.push({
        caseId: values.range,
        diff: async () => diff,
        base: gitReader(io.cwd, base),
        title: values.range,
      });
    } else if (values.diff !== undefined) {
      const path = resolve(io.cwd, values.diff);
      const id = basename(path, extname(path));
      cases.push({ caseId: id, diff: () => readFile(path, 'utf8'), base: fsReader(io.cwd), title: id });
    } else if (values['bench-cases'] !== undefined) {
      const dir = resolve(io.cwd, values['bench-cases']);
      const names = (await readdir(dir)).filter((n) => /\.(diff|patch)$/i.test(n)).sort();
      if (names.length === 0) throw new Error(`no *.diff or *.patch file in ${dir}`);
      for (const name of names) {
        const id = basename(name, extname(name));
        cases.push({
          caseId: id,
          diff: () => readFile(join(dir, name), 'utf8'),
          base: fsReader(io.cwd),
          title: id,
        });
      }
    } else {
      cases.push({ caseId: 'stdin', diff: io.readStdin, base: fsReader(io.cwd), title: 'local diff' });
    }
  } catch (error) {
    io.err(`kodus review: ${(error as Error).message}\n`);
    return 1;
  }

  const startedAt = new Date().toISOString();
  const results: BenchResult[] = [];
  for (const c of cases) {
    try {
      const review = await reviewDiff({
        diff: await c.diff(),
        title: values.title ?? c.title,
        description: values.description ?? '',
        base: c.base,
        reviewers,
        signal: io.signal,
      });
      io.out(formatReview(c.caseId, review, cases.length > 1));
      results.push(benchResult(c.caseId, review.shaped, review.usage, review.latencyMs, review.failures));
    } catch (error) {
      if (error instanceof LlmReviewAbortedError || io.signal.aborted) {
        io.err('kodus review: interrupted\n');
        return 130;
      }
      io.err(`kodus review: ${c.caseId}: ${(error as Error).message}\n`);
      return 1;
    }
  }

  if (values['bench-out'] !== undefined) {
    const submission: BenchSubmission = {
      benchmarkVersion: BENCHMARK_VERSION,
      run: {
        tool: 'kodus',
        toolVersion: '0.1.0',
        provider: llmOn ? env.env.LLM_PROVIDER : 'none',
        model: llmOn ? (env.env.LLM_MODEL ?? null) : null,
        startedAt,
      },
      results,
    };
    await writeFile(resolve(io.cwd, values['bench-out']), `${JSON.stringify(submission, null, 2)}\n`);
  }
  return 0;
}

function stderrLogger(io: CliIo, verbose: boolean): LlmLogger {
  const line = (level: string) => (object: object, message: string) => {
    if (verbose || level === 'warn') io.err(`${level}: ${message} ${JSON.stringify(object)}\n`);
  };
  return { debug: line('debug'), info: line('info'), warn: line('warn') };
}
