import type { Severity } from './types';

export const SEVERITIES = [
  'critical',
  'high',
  'medium',
  'low',
  'info',
] as const satisfies readonly Severity[];

const RANK: Record<Severity, number> = { critical: 0, high: 1, medium: 2, low: 3, info: 4 };

/** Lower is more severe: critical is 0. */
export function severityRank(severity: Severity): number {
  return RANK[severity];
}
