import { createLogger } from '@kodus/logger';
import { createDatabasePool, migrate, type Pool, ReviewRepository } from '@kodus/persistence';
import type { ReviewJob } from '@kodus/queue';
import type { Reviewer } from '@kodus/review-engine';
import {
  createTestDatabase,
  GithubStandIn,
  type StandInChangedFile,
  type StandInRepository,
  type TestDatabase,
} from '@kodus/test-helpers';
import { randomUUID } from 'node:crypto';
import { ProviderClients, ReviewPipeline, type ReviewPipelineDeps } from '../../src';

/**
 * What a ReviewPipeline test file runs against: its own migrated test database, a GitHub stand-in on which
 * Kodus is `kodus-bot`, the provider clients reaching it, and a pipeline wired to both.
 */

export const logger = createLogger({ component: 'test', level: 'silent' });

/** A random 40-hex-digit commit SHA. */
export const sha = (): string => randomUUID().replace(/-/g, '').padEnd(40, '0');

export interface GithubPipelineOptions {
  /** The test database's name: one per test file, so files running at once never share rows. */
  database: string;
  /** The token Kodus's clients use; the stand-in takes it as `kodus-bot`'s. */
  token: string;
  /** Further users of the stand-in (token → login), e.g. a pull request's author. */
  otherUsers?: Record<string, string>;
  /** The reviewers of `pipeline`; the pipeline's own default (the analyzers) when left out. */
  reviewers?: Reviewer[];
}

export interface SeededPullRequestInput {
  files: StandInChangedFile[];
  draft?: boolean;
  state?: 'open' | 'closed';
  /** A base commit shared with other pull requests; a fresh one when left out. */
  baseSha?: string;
  /** The base commit's .kodus.yml, when it has one. */
  settings?: string;
}

export interface SeededPullRequest {
  number: number;
  headSha: string;
  baseSha: string;
}

export interface GithubPipeline {
  github: GithubStandIn;
  pool: Pool;
  reviews: ReviewRepository;
  clients: ProviderClients;
  pipeline: ReviewPipeline;
  /** Another pipeline on the same database and stand-in, with these reviewers (and `deps` over the harness's). */
  pipelineWith(reviewers: Reviewer[], deps?: Partial<ReviewPipelineDeps>): ReviewPipeline;
  /** Opens a pull request (numbered 1, 2, ... in this harness) in `repo` with a fresh head commit. */
  openPullRequest(repo: StandInRepository, input: SeededPullRequestInput): SeededPullRequest;
  stop(): Promise<void>;
}

export async function startGithubPipeline(options: GithubPipelineOptions): Promise<GithubPipeline> {
  const database: TestDatabase = await createTestDatabase(options.database);
  let pool: Pool | undefined;
  let github: GithubStandIn | undefined;
  const stop = async () => {
    await github?.stop();
    await pool?.end();
    await database.drop();
  };
  try {
    await migrate(database.url, logger);
    pool = createDatabasePool({ url: database.url, applicationName: 'kodus-test', logger });
    github = await new GithubStandIn({
      tokens: { [options.token]: 'kodus-bot', ...options.otherUsers },
    }).start();
  } catch (error) {
    await stop();
    throw error;
  }
  const stand = github;
  const reviews = new ReviewRepository(pool);
  const clients = new ProviderClients({ github: { apiUrl: stand.url, token: options.token } });
  const pipelineWith = (reviewers: Reviewer[] | undefined, deps: Partial<ReviewPipelineDeps> = {}) =>
    new ReviewPipeline({ reviews, clientFor: (job) => clients.clientFor(job), logger, reviewers, ...deps });
  let nextPr = 1;
  return {
    github: stand,
    pool,
    reviews,
    clients,
    pipeline: pipelineWith(options.reviewers),
    pipelineWith,
    openPullRequest(repo, input) {
      const number = nextPr++;
      const headSha = sha();
      const baseSha = input.baseSha ?? sha();
      stand.addPullRequest(repo, {
        number,
        headSha,
        baseSha,
        draft: input.draft,
        state: input.state,
        files: input.files,
      });
      if (input.settings !== undefined) stand.setFileContent(repo, baseSha, '.kodus.yml', input.settings);
      return { number, headSha, baseSha };
    },
    stop,
  };
}

/**
 * The harness for the calling test file: started in its beforeAll, stopped in its afterAll. Its parts are
 * there from beforeAll on; reading one before throws.
 */
export function useGithubPipeline(options: GithubPipelineOptions): GithubPipeline {
  let started: GithubPipeline | undefined;
  beforeAll(async () => {
    started = await startGithubPipeline(options);
  });
  afterAll(() => started?.stop());
  const part = <K extends keyof GithubPipeline>(key: K): GithubPipeline[K] => {
    if (started === undefined) throw new Error(`the GitHub pipeline harness is not started yet (${key})`);
    return started[key];
  };
  return {
    get github() {
      return part('github');
    },
    get pool() {
      return part('pool');
    },
    get reviews() {
      return part('reviews');
    },
    get clients() {
      return part('clients');
    },
    get pipeline() {
      return part('pipeline');
    },
    pipelineWith: (reviewers, deps) => part('pipelineWith')(reviewers, deps),
    openPullRequest: (repo, input) => part('openPullRequest')(repo, input),
    stop: () => part('stop')(),
  };
}

/** A version-2 job for a push to pull request `number` of `repo` (trigger `updated`), as the webhook enqueues it. */
export const updatedJob = (repo: StandInRepository, number: number, headSha: string): ReviewJob => ({
  version: 2,
  provider: 'github',
  deliveryId: randomUUID(),
  trigger: 'updated',
  repository: { provider: 'github', ...repo },
  pullRequest: { number, headSha },
  receivedAt: new Date().toISOString(),
});

const AWS_KEY_ID = ['AK', 'IA', 'Q3VZ7KXM2PLA4RT6'].join('');

/**
 * src/app.ts gaining an AWS access key id on line 2 (a critical secrets finding) and a console.log on line 3
 * (a low debug finding): two analyzer findings.
 */
export const KEY_AND_CONSOLE_LOG_PATCH = [
  '@@ -1,2 +1,4 @@',
  ' const a = 1;',
  `+const key = "${AWS_KEY_ID}";`,
  '+console.log(a);',
  ' export {};',
].join('\n');
