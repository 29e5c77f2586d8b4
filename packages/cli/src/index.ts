export { runCli, USAGE, type CliIo } from './cli';
export { reviewDiff, type DiffReviewInput, type DiffReviewOutput } from './review-diff';
export {
  BENCHMARK_VERSION,
  benchResult,
  type BenchFinding,
  type BenchResult,
  type BenchSubmission,
} from './bench';
export { parseCliEnv, type CliEnv } from './env';
