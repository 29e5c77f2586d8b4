import {
  type BitbucketChangedFile,
  type BitbucketPullRequest,
  type BitbucketPullRequestInput,
  type BitbucketRepository,
  type BitbucketStandInComment,
  repoKey,
} from './state';

interface RepositoryState {
  pulls: Map<number, BitbucketPullRequest>;
  /** commit → its parent (undefined for a root): enough history for merge-base. */
  parents: Map<string, string | undefined>;
  /** `source..destination` → the files that diff changes. */
  diffs: Map<string, BitbucketChangedFile[]>;
  /** commit → path → text (`null`: a binary file). */
  contents: Map<string, Map<string, string | null>>;
  comments: Map<number, BitbucketStandInComment[]>;
}

export class BitbucketStore {
  private readonly repositories = new Map<string, RepositoryState>();
  private nextCommentId = 500_000_001;

  repository(repo: BitbucketRepository): RepositoryState | undefined {
    return this.repositories.get(repoKey(repo));
  }

  private ensure(repo: BitbucketRepository): RepositoryState {
    let state = this.repository(repo);
    if (state === undefined) {
      state = {
        pulls: new Map(),
        parents: new Map(),
        diffs: new Map(),
        contents: new Map(),
        comments: new Map(),
      };
      this.repositories.set(repoKey(repo), state);
    }
    return state;
  }

  addPullRequest(repo: BitbucketRepository, input: BitbucketPullRequestInput): BitbucketPullRequest {
    const state = this.ensure(repo);
    const pr: BitbucketPullRequest = {
      id: input.id,
      headSha: input.headSha,
      baseSha: input.baseSha,
      files: input.files ?? [],
      title: input.title ?? `Pull request #${input.id}`,
      description: input.description ?? '',
      draft: input.draft ?? false,
      state: input.state ?? 'OPEN',
      createdOn: new Date().toISOString(),
      ...(input.sourceRepository === undefined ? {} : { sourceRepository: input.sourceRepository }),
    };
    if (!state.parents.has(input.baseSha)) state.parents.set(input.baseSha, undefined);
    // A fork has the base's history and the source commits; the repository itself only the base's.
    const source = input.sourceRepository === undefined ? state : this.ensure(input.sourceRepository);
    if (!source.parents.has(input.baseSha)) source.parents.set(input.baseSha, undefined);
    if (!source.parents.has(input.headSha)) source.parents.set(input.headSha, input.baseSha);
    state.pulls.set(input.id, pr);
    state.diffs.set(`${pr.headSha}..${pr.baseSha}`, pr.files);
    return pr;
  }

  /**
   * A push to the pull request's source branch: `files` is the pull request's whole diff at the new head,
   * `since` what changed from the previous head. A force-push starts the new head from the base.
   */
  pushHead(
    repo: BitbucketRepository,
    id: number,
    headSha: string,
    change: { files: BitbucketChangedFile[]; since?: BitbucketChangedFile[]; forcePush?: boolean },
  ): void {
    const state = this.ensure(repo);
    const pr = state.pulls.get(id);
    if (pr === undefined) throw new Error(`bitbucket stand-in: no pull request #${id}`);
    const previous = pr.headSha;
    const source = pr.sourceRepository === undefined ? state : this.ensure(pr.sourceRepository);
    source.parents.set(headSha, change.forcePush === true ? pr.baseSha : previous);
    pr.headSha = headSha;
    pr.files = change.files;
    state.diffs.set(`${headSha}..${pr.baseSha}`, change.files);
    if (change.since !== undefined) state.diffs.set(`${headSha}..${previous}`, change.since);
  }

  setFile(repo: BitbucketRepository, commit: string, path: string, content: string | null): void {
    const contents = this.ensure(repo).contents;
    const files = contents.get(commit) ?? new Map<string, string | null>();
    files.set(path, content);
    contents.set(commit, files);
  }

  /** The full SHA a (possibly abbreviated) hash names, when exactly one known commit starts with it. */
  resolve(repo: BitbucketRepository, hash: string): string | undefined {
    const state = this.repository(repo);
    if (state === undefined || hash.length < 4) return undefined;
    const found = [...state.parents.keys(), ...state.contents.keys()].filter((sha) => sha.startsWith(hash));
    const unique = [...new Set(found)];
    return unique.length === 1 ? unique[0] : undefined;
  }

  mergeBase(repo: BitbucketRepository, a: string, b: string): string | undefined {
    const parents = this.repository(repo)?.parents;
    if (parents === undefined) return undefined;
    const ancestorsOfB = new Set<string>();
    for (let c: string | undefined = b; c !== undefined; c = parents.get(c)) ancestorsOfB.add(c);
    for (let c: string | undefined = a; c !== undefined; c = parents.get(c))
      if (ancestorsOfB.has(c)) return c;
    return undefined;
  }

  addComment(
    repo: BitbucketRepository,
    id: number,
    comment: Omit<BitbucketStandInComment, 'id' | 'createdOn' | 'deleted'> & { deleted?: boolean },
  ): BitbucketStandInComment {
    const comments = this.ensure(repo).comments;
    const stored: BitbucketStandInComment = {
      ...comment,
      deleted: comment.deleted ?? false,
      id: this.nextCommentId++,
      createdOn: new Date().toISOString(),
    };
    comments.set(id, [...(comments.get(id) ?? []), stored]);
    return stored;
  }

  comments(repo: BitbucketRepository, id: number): BitbucketStandInComment[] {
    return [...(this.repository(repo)?.comments.get(id) ?? [])];
  }
}
