import { randomUUID } from 'node:crypto';

/** A file's content at a commit: text, or bytes (a binary file). */
export type AzureFileContent = string | Buffer;

export interface AzureStandInRepository {
  project: string;
  name: string;
  /** A GUID; one is made up when left out. */
  id?: string;
}

export interface AzureCommitInput {
  sha: string;
  /** The first parent (ancestry for the commit diff's common commit). */
  parent?: string;
  /** The whole tree: repository paths (no leading `/`) → content. */
  files: Record<string, AzureFileContent>;
}

export interface AzureIteration {
  id: number;
  source: string;
  target: string;
  common: string;
}

/** An identity as a comment's `author` and connectionData's `authenticatedUser` name it. */
export interface AzureIdentity {
  id: string;
  displayName: string;
}

export interface AzureThreadComment {
  id: number;
  /** Who wrote it: the PAT's identity for a comment posted through the API. */
  author?: AzureIdentity;
  parentCommentId: number;
  content: string;
  commentType: string;
  isDeleted?: boolean;
}

export interface AzureThread {
  id: number;
  status?: string;
  threadContext?: Record<string, unknown> | null;
  pullRequestThreadContext?: Record<string, unknown> | null;
  comments: AzureThreadComment[];
  isDeleted?: boolean;
}

export interface AzurePullRequest {
  id: number;
  status: 'active' | 'abandoned' | 'completed';
  isDraft: boolean;
  title: string;
  description: string;
  /** Azure is computing the merge (after a push): the answer has no lastMerge* commits yet. */
  mergeInProgress?: boolean;
  iterations: AzureIteration[];
  threads: AzureThread[];
}

export interface AzurePullRequestInput {
  id: number;
  /** The source branch's head. */
  head: string;
  /** The target branch's head (lastMergeTargetCommit). */
  target: string;
  /** The merge base; default `target`. */
  common?: string;
  title?: string;
  description?: string;
  isDraft?: boolean;
}

export interface AzureChange {
  path: string;
  changeType: 'add' | 'edit' | 'delete' | 'rename' | 'edit, rename';
  originalPath?: string;
  objectId?: string;
}

interface StoredRepository {
  id: string;
  project: string;
  name: string;
  pullRequests: Map<number, AzurePullRequest>;
}

/** The stand-in's memory: repositories, commits (whole trees), branches, pull requests and their threads. */
export class AzureStore {
  readonly repositories: StoredRepository[] = [];
  private readonly commits = new Map<string, { parent?: string; files: Map<string, AzureFileContent> }>();
  private readonly branches = new Map<string, string>();
  private threadIds = 0;

  addRepository(repo: AzureStandInRepository): StoredRepository {
    const found = this.findRepository(repo.project, repo.id ?? repo.name);
    if (found !== undefined) return found;
    const stored = {
      id: (repo.id ?? randomUUID()).toLowerCase(),
      project: repo.project,
      name: repo.name,
      pullRequests: new Map(),
    };
    this.repositories.push(stored);
    return stored;
  }

  /** By project name and repository name or id, case-insensitively (as Azure DevOps resolves them). */
  findRepository(project: string, nameOrId: string): StoredRepository | undefined {
    const lower = (s: string) => s.toLowerCase();
    return this.repositories.find(
      (r) =>
        lower(r.project) === lower(project) &&
        (lower(r.name) === lower(nameOrId) || r.id === lower(nameOrId)),
    );
  }

  addCommit(commit: AzureCommitInput): void {
    this.commits.set(commit.sha.toLowerCase(), {
      ...(commit.parent === undefined ? {} : { parent: commit.parent.toLowerCase() }),
      files: new Map(Object.entries(commit.files)),
    });
  }

  setBranch(name: string, sha: string): void {
    this.branches.set(name.replace(/^refs\/heads\//, ''), sha.toLowerCase());
  }

  resolve(version: string, type: string): string | undefined {
    const sha = type === 'branch' ? this.branches.get(version) : version.toLowerCase();
    return sha !== undefined && this.commits.has(sha) ? sha : undefined;
  }

  hasCommit(sha: string): boolean {
    return this.commits.has(sha.toLowerCase());
  }

  file(sha: string, path: string): AzureFileContent | 'folder' | undefined {
    const tree = this.commits.get(sha)?.files;
    if (tree === undefined) return undefined;
    const content = tree.get(path);
    if (content !== undefined) return content;
    return [...tree.keys()].some((p) => p.startsWith(`${path}/`)) ? 'folder' : undefined;
  }

  /** Every file path of the commit's tree (no leading `/`). */
  paths(sha: string): string[] {
    return [...(this.commits.get(sha)?.files.keys() ?? [])];
  }

  parentOf(sha: string): string | undefined {
    return this.commits.get(sha)?.parent;
  }

  /** The nearest commit both reach through first parents. */
  commonAncestor(a: string, b: string): string | undefined {
    const seen = new Set<string>();
    for (let c: string | undefined = a; c !== undefined; c = this.commits.get(c)?.parent) seen.add(c);
    for (let c: string | undefined = b; c !== undefined; c = this.commits.get(c)?.parent)
      if (seen.has(c)) return c;
    return undefined;
  }

  /** What changed from `base` to `head` (whole trees compared; an unchanged content moved is a rename). */
  changes(base: string, head: string): AzureChange[] {
    const before = this.commits.get(base)?.files ?? new Map<string, AzureFileContent>();
    const after = this.commits.get(head)?.files ?? new Map<string, AzureFileContent>();
    const same = (x: AzureFileContent, y: AzureFileContent) => Buffer.from(x).equals(Buffer.from(y));
    const added = [...after.keys()].filter((p) => !before.has(p)).sort();
    const deleted = new Set([...before.keys()].filter((p) => !after.has(p)));
    const out: AzureChange[] = [];
    for (const path of added) {
      const content = after.get(path) as AzureFileContent;
      const from = [...deleted].find((old) => same(before.get(old) as AzureFileContent, content));
      if (from !== undefined) {
        deleted.delete(from);
        out.push({ path, changeType: 'rename', originalPath: from });
      } else out.push({ path, changeType: 'add' });
    }
    for (const [path, content] of after) {
      const old = before.get(path);
      if (old !== undefined && !same(old, content)) out.push({ path, changeType: 'edit' });
    }
    for (const path of deleted) out.push({ path, changeType: 'delete' });
    return out.sort((x, y) => x.path.localeCompare(y.path));
  }

  addPullRequest(repo: AzureStandInRepository, input: AzurePullRequestInput): AzurePullRequest {
    const stored = this.addRepository(repo);
    const pr: AzurePullRequest = {
      id: input.id,
      status: 'active',
      isDraft: input.isDraft ?? false,
      title: input.title ?? `Pull request ${input.id}`,
      description: input.description ?? '',
      iterations: [
        {
          id: 1,
          source: input.head.toLowerCase(),
          target: input.target.toLowerCase(),
          common: (input.common ?? input.target).toLowerCase(),
        },
      ],
      threads: [],
    };
    stored.pullRequests.set(input.id, pr);
    return pr;
  }

  pullRequest(repo: AzureStandInRepository, id: number): AzurePullRequest {
    const pr = this.findRepository(repo.project, repo.id ?? repo.name)?.pullRequests.get(id);
    if (pr === undefined) throw new Error(`stand-in: no pull request ${id} in ${repo.project}/${repo.name}`);
    return pr;
  }

  /** A push to the source branch: a new iteration. */
  push(repo: AzureStandInRepository, id: number, head: string, common?: string): AzureIteration {
    const pr = this.pullRequest(repo, id);
    const last = pr.iterations.at(-1) as AzureIteration;
    const iteration = {
      id: last.id + 1,
      source: head.toLowerCase(),
      target: last.target,
      common: (common ?? last.common).toLowerCase(),
    };
    pr.iterations.push(iteration);
    return iteration;
  }

  nextThreadId(): number {
    this.threadIds += 1;
    return this.threadIds;
  }
}
