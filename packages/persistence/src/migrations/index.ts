import type { Migration } from '../migration';
import { reviews } from './0001-reviews';
import { headLeases } from './0002-head-leases';
import { deliveryLog } from './0003-delivery-log';
import { reviewCandidates } from './0004-review-candidates';
import { llmCalls } from './0005-llm-calls';
import { postingAccounts } from './0006-posting-accounts';
import { suggestionFingerprints } from './0007-suggestion-fingerprints';
import { reviewsByRepository } from './0008-reviews-by-repository';

/** Every migration, in the order they apply. Append only. */
export const MIGRATIONS: readonly Migration[] = [
  reviews,
  headLeases,
  deliveryLog,
  reviewCandidates,
  llmCalls,
  postingAccounts,
  suggestionFingerprints,
  reviewsByRepository,
];
