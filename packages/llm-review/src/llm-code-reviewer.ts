import {
  type Candidate,
  type KodyRule,
  loadKodyRules,
  readKodyRuleFiles,
  type RepositoryReader,
  type ReviewContext,
  type Reviewer,
  type ReviewerResult,
  type Severity,
  severityRank,
} from '@kodus/review-engine';
import { budgetNote, type MonthlySpend } from './budget';
import { limitFiles } from './file-limits';
import type { LlmReviewer } from './llm-reviewer';
import { listNote } from './notes';
import { ruleIdFor } from './rule-id';
import type { LlmCallRecord, LlmCandidate, LlmLogger, LlmReviewResult, LlmRule } from './types';

/** One review's calls, for the worker to store (`llm_calls`). */
export interface LlmCallsRecord {
  reviewId?: string;
  repository?: string;
  calls: LlmCallRecord[];
}

export interface LlmCodeReviewerOptions {
  /** The worker's LlmReviewer (its limiter bounds calls across every review). */
  llm: LlmReviewer;
  /** Stores each review's calls; a failure here is logged (`logger`), never fails the review. */
  onCalls?: (record: LlmCallsRecord) => Promise<void>;
  logger?: LlmLogger;
  /** This calendar month's spend in USD, for budgets; without it budgets cannot be checked (noted). */
  monthlySpend?: MonthlySpend;
  /** The operator's monthly budget over every repository (`LLM_MONTHLY_BUDGET_USD`). */
  monthlyBudgetUsd?: number;
  /** For tests: the date the model is told is today, and the month budgets count. */
  now?: () => Date;
}

/** Thrown when the review's signal aborted the LLM review: the pipeline retries the review later. */
export class LlmReviewAbortedError extends Error {
  constructor(cause: unknown) {
    super('the LLM review was aborted (drain, cancel or deadline); the review is to be retried', { cause });
    this.name = 'LlmReviewAbortedError';
  }
}

const toLlmRule = (rule: KodyRule): LlmRule => ({
  id: rule.id,
  title: rule.title,
  body: rule.body,
  paths: rule.paths,
  scope: rule.scope,
});

/** Kody Rules findings carry at least their rule's `severity_min`. */
function raised(severity: Severity, floor: Severity | undefined): Severity {
  return floor !== undefined && severityRank(floor) < severityRank(severity) ? floor : severity;
}

/**
 * The LLM review as a pipeline Reviewer (name `llm`). Every candidate has source `llm`: Kody Rules findings
 * too (category `kody_rules`, `ruleId` the rule's id), since the model produced them and the LLM's
 * categories, threshold and `maxSuggestions` apply to them; `rule` stays the offline regex rules' source.
 */
export class LlmCodeReviewer implements Reviewer {
  readonly name = 'llm';
  readonly waitsForModel = true;

  constructor(private readonly options: LlmCodeReviewerOptions) {}

  /** What the first review would load (LlmReviewer.warmUp): the worker calls it at start. */
  warmUp(): Promise<void> {
    return this.options.llm.warmUp();
  }

  /** The Kody Rules at the base commit, read while the settings are (the review reads them again, shared). */
  prepare(base: RepositoryReader): void {
    readKodyRuleFiles(base).catch(() => undefined);
  }

  async review(context: ReviewContext): Promise<ReviewerResult> {
    const settings = context.settings.llm;
    if (!settings.enabled)
      return { candidates: [], notes: ['LLM review: off in .kodus.yml (llm.enabled: false).'] };
    const notes: string[] = [];
    const now = (this.options.now ?? (() => new Date()))();

    let skipped: string | undefined;
    try {
      skipped = await budgetNote(
        {
          spend: this.options.monthlySpend,
          operatorBudgetUsd: this.options.monthlyBudgetUsd,
          repositoryBudgetUsd: settings.monthlyBudgetUsd,
          repository: context.repository,
        },
        now,
      );
    } catch (error) {
      // The store's error text (hosts, SQL) stays in the log; the summary says what it means.
      this.options.logger?.warn({ err: { message: (error as Error).message } }, 'llm spend not readable');
      return {
        candidates: [],
        notes: [],
        failure: "LLM review not run: this month's LLM spend could not be read to check the budget",
      };
    }
    if (skipped) return { candidates: [], notes: [skipped] };
    // The operator's budget refuses unknown prices at start; a repository's can only say so.
    const unpriced = settings.monthlyBudgetUsd === undefined ? [] : this.options.llm.modelsWithoutPrice();
    if (unpriced.length > 0) {
      notes.push(
        `llm.monthlyBudgetUsd in .kodus.yml is not checked: no price is known for ${unpriced.join(', ')} (the operator gives prices in LLM_PRICES_FILE).`,
      );
    }

    const rules = await this.rules(context, notes);
    const limited = limitFiles(context.files, settings.files);
    notes.push(...limited.notes);

    let result: LlmReviewResult;
    try {
      result = await this.options.llm.review({
        today: now.toISOString().slice(0, 10),
        pullRequest: context.pullRequest,
        files: limited.files,
        rules: rules.map(toLlmRule),
        language: settings.language,
        ...(settings.instructions ? { instructions: settings.instructions } : {}),
        oversizedFiles: settings.files.oversized,
        signal: context.signal,
        ...(context.deadline === undefined ? {} : { deadline: context.deadline }),
        ...(context.wait === undefined ? {} : { wait: context.wait }),
      });
    } catch (error) {
      if (context.signal.aborted) throw new LlmReviewAbortedError(context.signal.reason);
      // Not a provider's doing (those are in the result): still the analyzers' review goes on.
      return { candidates: [], notes, failure: `LLM review failed: ${(error as Error).message}` };
    }
    // The calls are stored while the review goes on (the pipeline waits for it before the attempt ends);
    // an aborted review stores them before it stops.
    const recorded = this.record(context, result.calls);
    if (result.aborted || context.signal.aborted) {
      await recorded;
      throw new LlmReviewAbortedError(context.signal.reason);
    }

    const reviewedPaths = limited.files.map((f) => f.path);
    const candidates = result.candidates.map((c) => this.candidate(c, rules, reviewedPaths));
    notes.push(...this.resultNotes(result));
    const reviewer: ReviewerResult = { candidates, notes, usage: { ...result.usage }, pending: recorded };
    const sent = result.batches.length;
    if (sent > 0 && result.failures.length === sent) {
      const reasons = [...new Set(result.failures.map((f) => f.reason))];
      reviewer.failure = `LLM review failed: ${reasons.slice(0, 3).join('; ')}`;
    } else if (result.failures.length > 0) reviewer.incomplete = true;
    return reviewer;
  }

  private async rules(context: ReviewContext, notes: string[]): Promise<KodyRule[]> {
    // The `.kodus.yml` rules alone when there is no repository to read (or it could not be read); their
    // problems are named like the files' (a rule over the glob limits, say).
    const settingsOnly = (): KodyRule[] => {
      const loaded = loadKodyRules([], context.settings.kodyRules);
      for (const problem of loaded.problems) notes.push(`Kody Rule not used: ${problem}`);
      return loaded.rules;
    };
    if (!context.base) return settingsOnly();
    let read;
    try {
      read = await readKodyRuleFiles(context.base);
    } catch (error) {
      if (context.signal.aborted) throw new LlmReviewAbortedError(context.signal.reason);
      notes.push(`Kody Rules in .kody/rules could not be read: ${(error as Error).message}`);
      return settingsOnly();
    }
    const loaded = loadKodyRules(read.files, context.settings.kodyRules);
    for (const problem of [...read.problems, ...loaded.problems])
      notes.push(`Kody Rule not used: ${problem}`);
    return loaded.rules;
  }

  private async record(context: ReviewContext, calls: LlmCallRecord[]): Promise<void> {
    if (!this.options.onCalls || calls.length === 0) return;
    const record: LlmCallsRecord = { calls };
    if (context.reviewId !== undefined) record.reviewId = context.reviewId;
    if (context.repository !== undefined) record.repository = context.repository;
    try {
      await this.options.onCalls(record);
    } catch (error) {
      this.options.logger?.warn(
        {
          err: { name: (error as Error).name, message: (error as Error).message },
          reviewId: context.reviewId,
        },
        'llm calls not recorded',
      );
    }
  }

  private candidate(
    c: LlmCandidate,
    rules: readonly KodyRule[],
    reviewedPaths: readonly string[],
  ): Candidate {
    const rule = c.label === 'kody_rules' ? ruleIdFor(c, rules, reviewedPaths) : undefined;
    const candidate: Candidate = {
      source: 'llm',
      reviewer: this.name,
      path: c.path,
      startLine: c.startLine,
      endLine: c.endLine,
      severity: raised(c.severity, rule?.severityMin),
      category: c.label,
      ruleId: c.label === 'kody_rules' ? (rule?.id ?? 'kody_rules') : 'llm',
      message: rule && !c.message.includes(`[${rule.id}]`) ? `[${rule.id}] ${c.message}` : c.message,
      summary: c.summary,
      existingCode: c.existingCode,
      improvedCode: c.improvedCode,
      ...(c.outsideView === true ? { outsideReview: true } : {}),
    };
    return candidate;
  }

  private resultNotes(result: LlmReviewResult): string[] {
    const notes: string[] = [];
    const failed = new Set(result.failures.flatMap((f) => f.batch));
    const unreviewed = result.unreviewedFiles.filter((f) => !failed.has(f.path));
    if (unreviewed.length > 0) {
      notes.push(
        listNote(
          'LLM review: files not reviewed',
          unreviewed.map((f) => `${f.path} (${f.reason})`),
        ),
      );
    }
    if (result.clippedFiles.length > 0) {
      notes.push(
        listNote(
          'LLM review: files reviewed without their last hunks (over the size budget)',
          result.clippedFiles.map((f) => `${f.path} (${f.droppedHunks} left out)`),
        ),
      );
    }
    if (result.failures.length > 0 && result.failures.length < result.batches.length) {
      notes.push(
        listNote(
          'LLM review: batches failed',
          result.failures.map((f) => `${f.batch.join(', ')}: ${f.reason}`),
        ),
      );
    }
    if (result.droppedItems > 0) {
      notes.push(
        `LLM review: ${result.droppedItems} model suggestion(s) dropped (not of the schema, or not on a line the pull request added).`,
      );
    }
    return notes;
  }
}
