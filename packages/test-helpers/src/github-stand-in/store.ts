import {
  countPatchLines,
  repoKey,
  type StandInChangedFile,
  type StandInPullRequest,
  type StandInPullRequestInput,
  type StandInRepository,
  type StandInReview,
  type StandInReviewComment,
} from './state';
import type { StandInComparison } from './shapes-more';

interface RepositoryState {
  repo: StandInRepository;
  pulls: Map<number, StandInPullRequest>;
  /** ref (branch name or commit SHA) → path → text */
  contents: Map<string, Map<string, string>>;
  reviews: Map<number, StandInReview[]>;
  /** Single review comments (not part of a review), per pull request. */
  comments: Map<number, StandInReviewComment[]>;
  /** `base...head` → what the compare API answers. */
  comparisons: Map<string, StandInComparison>;
  installationId?: number;
}

function withCounts(file: StandInChangedFile): StandInChangedFile {
  const counted = countPatchLines(file.patch);
  return {
    ...file,
    additions: file.additions ?? counted.additions,
    deletions: file.deletions ?? counted.deletions,
  };
}

/** The stand-in's in-memory repositories, pull requests, file contents and reviews. */
export class StandInStore {
  private readonly repositories = new Map<string, RepositoryState>();
  private nextReviewId = 80_000_001;
  private nextCommentId = 90_000_001;

  addRepository(repo: StandInRepository): void {
    if (this.repositories.has(repoKey(repo))) return;
    this.repositories.set(repoKey(repo), {
      repo: { owner: repo.owner, name: repo.name },
      pulls: new Map(),
      contents: new Map(),
      reviews: new Map(),
      comments: new Map(),
      comparisons: new Map(),
    });
  }

  repository(repo: StandInRepository): RepositoryState | undefined {
    return this.repositories.get(repoKey(repo));
  }

  private required(repo: StandInRepository): RepositoryState {
    const state = this.repository(repo);
    if (state === undefined) throw new Error(`stand-in: no repository ${repo.owner}/${repo.name}`);
    return state;
  }

  pullRequest(repo: StandInRepository, number: number): StandInPullRequest | undefined {
    return this.repository(repo)?.pulls.get(number);
  }

  private requiredPull(repo: StandInRepository, number: number): StandInPullRequest {
    const pr = this.pullRequest(repo, number);
    if (pr === undefined) throw new Error(`stand-in: no pull request ${repo.owner}/${repo.name}#${number}`);
    return pr;
  }

  addPullRequest(repo: StandInRepository, input: StandInPullRequestInput): StandInPullRequest {
    this.addRepository(repo);
    const now = new Date().toISOString();
    const pr: StandInPullRequest = {
      number: input.number,
      headSha: input.headSha,
      baseSha: input.baseSha,
      title: input.title ?? `Pull request #${input.number}`,
      body: input.body ?? '',
      draft: input.draft ?? false,
      state: input.state ?? 'open',
      headRef: input.headRef ?? `feature-${input.number}`,
      baseRef: input.baseRef ?? 'main',
      author: input.author ?? 'octocat',
      files: (input.files ?? []).map(withCounts),
      commits: [input.headSha],
      createdAt: now,
      updatedAt: now,
    };
    this.required(repo).pulls.set(input.number, pr);
    return pr;
  }

  /** A push to the pull request's branch: a new head SHA and, optionally, a new set of changed files. */
  pushHead(repo: StandInRepository, number: number, headSha: string, files?: StandInChangedFile[]): void {
    const pr = this.requiredPull(repo, number);
    pr.headSha = headSha;
    pr.commits.push(headSha);
    if (files !== undefined) pr.files = files.map(withCounts);
    pr.updatedAt = new Date().toISOString();
  }

  updatePullRequest(
    repo: StandInRepository,
    number: number,
    change: Partial<Pick<StandInPullRequest, 'draft' | 'state' | 'title' | 'body'>>,
  ): void {
    Object.assign(this.requiredPull(repo, number), change, { updatedAt: new Date().toISOString() });
  }

  setFileContent(repo: StandInRepository, ref: string, path: string, content: string): void {
    this.addRepository(repo);
    const contents = this.required(repo).contents;
    const files = contents.get(ref) ?? new Map<string, string>();
    files.set(path, content);
    contents.set(ref, files);
  }

  fileContent(repo: StandInRepository, ref: string, path: string): string | undefined {
    return this.repository(repo)?.contents.get(ref)?.get(path);
  }

  /** The files directly under `directory` at `ref` (path → text); empty when it is no directory. */
  directoryContent(repo: StandInRepository, ref: string, directory: string): Map<string, string> {
    const prefix = `${directory.replace(/\/+$/, '')}/`;
    const found = new Map<string, string>();
    for (const [path, text] of this.repository(repo)?.contents.get(ref) ?? []) {
      if (path.startsWith(prefix) && !path.slice(prefix.length).includes('/')) found.set(path, text);
    }
    return found;
  }

  /** The directories directly under `directory` at `ref` (their paths), for the contents listing. */
  subdirectories(repo: StandInRepository, ref: string, directory: string): string[] {
    const prefix = `${directory.replace(/\/+$/, '')}/`;
    const found = new Set<string>();
    for (const path of this.repository(repo)?.contents.get(ref)?.keys() ?? []) {
      const rest = path.startsWith(prefix) ? path.slice(prefix.length) : '';
      const slash = rest.indexOf('/');
      if (slash > 0) found.add(`${prefix}${rest.slice(0, slash)}`);
    }
    return [...found].sort();
  }

  addReview(
    repo: StandInRepository,
    number: number,
    review: Omit<StandInReview, 'id' | 'submittedAt' | 'comments' | 'state' | 'user' | 'commitId'> &
      Partial<Pick<StandInReview, 'comments' | 'state' | 'user' | 'commitId'>>,
  ): StandInReview {
    const pr = this.requiredPull(repo, number);
    const stored: StandInReview = {
      id: this.nextReviewId++,
      body: review.body,
      commitId: review.commitId ?? pr.headSha,
      event: review.event,
      state: review.state ?? 'COMMENTED',
      user: review.user ?? 'reviewer',
      submittedAt: new Date().toISOString(),
      comments: [],
    };
    stored.comments = (review.comments ?? []).map((c) => ({
      ...c,
      id: this.nextCommentId++,
      reviewId: stored.id,
      commitId: stored.commitId,
      user: stored.user,
    }));
    const reviews = this.required(repo).reviews;
    reviews.set(number, [...(reviews.get(number) ?? []), stored]);
    return stored;
  }

  reviews(repo: StandInRepository, number: number): StandInReview[] {
    return [...(this.repository(repo)?.reviews.get(number) ?? [])];
  }

  /** A single review comment (POST /pulls/{n}/comments). */
  addReviewComment(
    repo: StandInRepository,
    number: number,
    comment: StandInReviewComment,
  ): StandInReviewComment {
    const pr = this.requiredPull(repo, number);
    const stored = { ...comment, id: this.nextCommentId++, commitId: comment.commitId ?? pr.headSha };
    const comments = this.required(repo).comments;
    comments.set(number, [...(comments.get(number) ?? []), stored]);
    return stored;
  }

  /** Every review comment on the pull request (in reviews and single ones), by id. */
  reviewComments(repo: StandInRepository, number: number): StandInReviewComment[] {
    const state = this.repository(repo);
    const inReviews = (state?.reviews.get(number) ?? []).flatMap((r) => r.comments);
    return [...inReviews, ...(state?.comments.get(number) ?? [])].sort((a, b) => (a.id ?? 0) - (b.id ?? 0));
  }

  setComparison(repo: StandInRepository, base: string, head: string, comparison: StandInComparison): void {
    this.addRepository(repo);
    this.required(repo).comparisons.set(`${base}...${head}`, comparison);
  }

  comparison(repo: StandInRepository, base: string, head: string): StandInComparison | undefined {
    return this.repository(repo)?.comparisons.get(`${base}...${head}`);
  }

  setInstallation(repo: StandInRepository, installationId: number): void {
    this.addRepository(repo);
    this.required(repo).installationId = installationId;
  }
}
