/** This calendar month's (UTC) spend in USD on the LLM: every repository's, or one repository's. */
export type MonthlySpend = (scope: { repository?: string; since: Date }) => Promise<number>;

export interface BudgetCheck {
  spend?: MonthlySpend;
  /** LLM_MONTHLY_BUDGET_USD: over every repository. */
  operatorBudgetUsd?: number;
  /** `.kodus.yml` llm.monthlyBudgetUsd: over this repository's reviews. */
  repositoryBudgetUsd?: number;
  repository?: string;
}

/** The first day of `now`'s month, 00:00 UTC. */
export function monthStart(now: Date): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
}

const usd = (n: number) => `US$${n.toFixed(2)}`;

/**
 * The note that skips the LLM review when a monthly budget is spent, or undefined to go on. A budget with no
 * spend records to check against (no store, as in `kodus review`) or no repository name is not checked.
 */
export async function budgetNote(check: BudgetCheck, now: Date): Promise<string | undefined> {
  const since = monthStart(now);
  if (check.operatorBudgetUsd !== undefined && check.spend) {
    const spent = await check.spend({ since });
    if (spent >= check.operatorBudgetUsd) {
      return `LLM review skipped: ${usd(spent)} spent this month reached the monthly budget of ${usd(check.operatorBudgetUsd)} (LLM_MONTHLY_BUDGET_USD); the analyzers' review goes on.`;
    }
  }
  if (check.repositoryBudgetUsd !== undefined && check.spend && check.repository !== undefined) {
    const spent = await check.spend({ since, repository: check.repository });
    if (spent >= check.repositoryBudgetUsd) {
      return `LLM review skipped: ${usd(spent)} spent this month on this repository reached its monthly budget of ${usd(check.repositoryBudgetUsd)} (llm.monthlyBudgetUsd in .kodus.yml).`;
    }
  }
  return undefined;
}
