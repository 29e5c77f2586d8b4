import { setImmediate as nextTurn } from 'node:timers/promises';
import { reviewableFiles, runAnalyzers } from '../analyze-files';
import { DEFAULT_SETTINGS } from '../default-settings';
import { loadSecretlint } from '../analyzers/secretlint-loader';
import { orderFindings } from '../findings-order';
import type { Candidate, Reviewer, ReviewContext, ReviewerResult } from '../reviewer';
import type { Finding } from '../types';
import type { UserRulesLimits } from '../analyzers/user-rules';

/** A finding as a candidate: one line, no fix; a repository's regex rule is source `rule`. */
export function findingToCandidate(finding: Finding): Candidate {
  return {
    source: finding.category === 'rule' ? 'rule' : 'analyzer',
    reviewer: 'analyzers',
    path: finding.path,
    startLine: finding.line,
    endLine: finding.line,
    severity: finding.severity,
    category: finding.category,
    ruleId: finding.ruleId,
    message: finding.message,
    ...(finding.fingerprint === undefined ? {} : { fingerprint: finding.fingerprint }),
  };
}

/** The summary's line for the findings `allow:` in `.kodus.yml` accepted. */
export function acceptedNote(accepted: number): string {
  return `${accepted} ${accepted === 1 ? 'finding' : 'findings'} accepted by the allow-list in .kodus.yml (allow.paths, allow.fingerprints): not posted.`;
}

/**
 * The built-in offline analyzers (secrets, debug leftovers, conflict markers, the repository's regex
 * rules) as one Reviewer. No cap here: the shared stage caps all reviewers' candidates together.
 */
export class AnalyzersReviewer implements Reviewer {
  readonly name = 'analyzers';

  /** `rulesLimits`: the repository rules' work budget (USER_RULES_LIMITS by default). */
  constructor(private readonly options: { rulesLimits?: Partial<UserRulesLimits> } = {}) {}

  /**
   * Loads what the first review would (secretlint's ES modules, ~170 ms of module loading), then analyses a
   * built-in sample change a few times (the default ignore list compiled, every analyzer's code run): the
   * worker calls it before it takes jobs, so the first WORKER_CONCURRENCY reviews after a start do not all
   * wait out cold code together.
   */
  async warmUp(): Promise<void> {
    await loadSecretlint();
    const files = reviewableFiles(WARM_UP_CHANGE, DEFAULT_SETTINGS);
    for (let round = 0; round < WARM_UP_ROUNDS; round++) await runAnalyzers(files, DEFAULT_SETTINGS);
  }

  async review(context: ReviewContext): Promise<ReviewerResult> {
    // CPU work on text at hand: it starts on the next event-loop turn, once the reviewers started beside it
    // have sent their network calls (the model's), so a model call never waits for the analyzers.
    await nextTurn();
    const { findings, accepted, notes } = await runAnalyzers(
      context.files,
      context.settings,
      context.signal,
      this.options.rulesLimits,
    );
    const ordered = orderFindings(findings, Number.POSITIVE_INFINITY);
    return {
      candidates: ordered.map(findingToCandidate),
      // The allow-list's count, and what the analyzers could not finish (the regex rules' work budget).
      notes: [...(accepted > 0 ? [acceptedNote(accepted)] : []), ...notes],
    };
  }
}

const WARM_UP_ROUNDS = 3;

/** An ordinary change with nothing to report: what the warm-up analyses. */
const WARM_UP_CHANGE = [
  {
    path: 'src/orders/service.ts',
    status: 'modified' as const,
    patch: [
      '@@ -10,3 +10,9 @@ export class OrderService {',
      '   constructor(private readonly db: Database) {}',
      '+  async total(orderId: string): Promise<number> {',
      '+    const rows = await this.db.query("SELECT price, quantity FROM lines WHERE order_id = $1", [orderId]);',
      "+    const password = process.env.DB_PASSWORD ?? '';",
      '+    logger.debug({ orderId, rows: rows.length }, "order total");',
      '+    return rows.reduce((sum, row) => sum + row.price * row.quantity, 0);',
      '+  }',
      ' }',
    ].join('\n'),
  },
  {
    path: 'app/models/order.py',
    status: 'added' as const,
    patch: [
      '@@ -0,0 +1,4 @@',
      '+class Order:',
      '+    def total(self):',
      '+        return sum(l.price for l in self.lines)',
      '+',
    ].join('\n'),
  },
];
