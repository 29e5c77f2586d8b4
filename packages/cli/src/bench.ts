import type { ReviewerUsage, ShapedCandidate, Severity } from '@kodus/review-engine';

/** codereviewbench's submission format. */
export const BENCHMARK_VERSION = '1.0';

export interface BenchFinding {
  path: string;
  startLine: number;
  endLine: number;
  severity: 'critical' | 'high' | 'medium' | 'low';
  category: string;
  description: string;
}

export interface BenchResult {
  caseId: string;
  findings: BenchFinding[];
  usage: { llmCalls: number; inputTokens: number; outputTokens: number; costUsd: number | null };
  latencyMs: number;
  /** Set when a reviewer failed as a whole on this case (the findings are the others'). */
  error?: string;
}

export interface BenchSubmission {
  benchmarkVersion: string;
  run: { tool: 'kodus'; toolVersion: string; provider: string; model: string | null; startedAt: string };
  results: BenchResult[];
}

// The benchmark knows four severities; the analyzers' `info` is the lowest of them.
const benchSeverity = (s: Severity): BenchFinding['severity'] => (s === 'info' ? 'low' : s);

/** The posted comments of one case as benchmark findings (lines of the new file). */
export function benchResult(
  caseId: string,
  shaped: readonly ShapedCandidate[],
  usage: ReviewerUsage,
  latencyMs: number,
  failures: readonly string[],
): BenchResult {
  const findings = shaped
    .filter((s) => s.disposition === 'posted')
    .map(({ candidate, path, line }) => {
      const at = line ?? candidate.endLine;
      const start = Math.min(candidate.startLine, at);
      return {
        path: path ?? candidate.path,
        startLine: start,
        endLine: at,
        severity: benchSeverity(candidate.severity),
        category: candidate.category,
        description: candidate.message,
      };
    });
  const result: BenchResult = {
    caseId,
    findings,
    usage: {
      llmCalls: usage.llmCalls,
      inputTokens: usage.inputTokens,
      outputTokens: usage.outputTokens,
      costUsd: usage.costUsd,
    },
    latencyMs,
  };
  if (failures.length > 0) result.error = failures.join('; ');
  return result;
}
