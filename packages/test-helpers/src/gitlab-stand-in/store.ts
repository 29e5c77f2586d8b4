import { createHash } from 'node:crypto';
import type {
  StandInDiffFile,
  StandInDiscussion,
  StandInGitlabProject,
  StandInMergeRequest,
  StandInMergeRequestInput,
  StandInNote,
} from './state';

interface ProjectState {
  project: StandInGitlabProject;
  mergeRequests: Map<number, StandInMergeRequest>;
  /** `${ref}\0${path}` → bytes. */
  files: Map<string, Buffer>;
  /** commit → its parents, for merge_base. */
  parents: Map<string, string[]>;
  /** `${from}..${to}` → the straight diff. */
  comparisons: Map<string, StandInDiffFile[]>;
}

const now = () => new Date().toISOString();

export class GitlabStandInStore {
  private readonly projects = new Map<number, ProjectState>();
  private readonly byPath = new Map<string, number>();
  private nextId = 1000;

  addProject(project: StandInGitlabProject): void {
    if (this.projects.has(project.id)) return;
    this.projects.set(project.id, {
      project,
      mergeRequests: new Map(),
      files: new Map(),
      parents: new Map(),
      comparisons: new Map(),
    });
    this.byPath.set(project.path.toLowerCase(), project.id);
  }

  /** A project by id (`42`) or by full path (`group/sub/project`, decoded), case-insensitively as GitLab does. */
  project(idOrPath: string): ProjectState | undefined {
    const id = /^\d+$/.test(idOrPath) ? Number(idOrPath) : this.byPath.get(idOrPath.toLowerCase());
    return id === undefined ? undefined : this.projects.get(id);
  }

  private required(project: StandInGitlabProject): ProjectState {
    this.addProject(project);
    const state = this.projects.get(project.id);
    if (state === undefined) throw new Error('stand-in: project missing');
    return state;
  }

  addMergeRequest(project: StandInGitlabProject, input: StandInMergeRequestInput): StandInMergeRequest {
    const state = this.required(project);
    const startSha = input.startSha ?? input.baseSha;
    const mr: StandInMergeRequest = {
      id: this.nextId++,
      iid: input.iid,
      headSha: input.headSha,
      baseSha: input.baseSha,
      startSha,
      title: input.title ?? `Merge request !${input.iid}`,
      description: input.description ?? '',
      draft: input.draft ?? false,
      state: input.state ?? 'opened',
      sourceBranch: input.sourceBranch ?? `feature-${input.iid}`,
      targetBranch: input.targetBranch ?? 'main',
      author: input.author ?? 'developer',
      versions: [
        {
          id: this.nextId++,
          baseSha: input.baseSha,
          startSha,
          headSha: input.headSha,
          files: input.files ?? [],
        },
      ],
      discussions: [],
      createdAt: now(),
      updatedAt: now(),
    };
    state.mergeRequests.set(mr.iid, mr);
    state.parents.set(input.headSha, [input.baseSha]);
    return mr;
  }

  mergeRequest(project: ProjectState, iid: number): StandInMergeRequest | undefined {
    return project.mergeRequests.get(iid);
  }

  /** A push: a new diff version. `force` rewrites history (the old head is no longer an ancestor). */
  pushHead(
    project: StandInGitlabProject,
    iid: number,
    headSha: string,
    files: StandInDiffFile[] | undefined,
    force: boolean,
  ): void {
    const state = this.required(project);
    const mr = state.mergeRequests.get(iid);
    if (mr === undefined) throw new Error(`stand-in: no merge request !${iid}`);
    state.parents.set(headSha, [force ? mr.baseSha : mr.headSha]);
    const last = mr.versions.at(-1);
    mr.versions.push({
      id: this.nextId++,
      baseSha: mr.baseSha,
      startSha: mr.startSha,
      headSha,
      files: files ?? last?.files ?? [],
    });
    mr.headSha = headSha;
    mr.updatedAt = now();
  }

  setFile(project: StandInGitlabProject, ref: string, path: string, content: string | Buffer): void {
    const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
    this.required(project).files.set(`${ref}\0${path}`, bytes);
  }

  file(project: ProjectState, ref: string, path: string): Buffer | undefined {
    return project.files.get(`${ref}\0${path}`);
  }

  /**
   * The repository tree under `dir` at `ref` as GitLab lists it (directories and files, `recursive`: at
   * any depth, else one level), sorted by path; undefined when no file lies under `dir`.
   */
  tree(project: ProjectState, ref: string, dir: string, recursive: boolean): TreeEntry[] | undefined {
    const prefix = dir === '' ? '' : `${dir}/`;
    const entries = new Map<string, TreeEntry>();
    for (const key of project.files.keys()) {
      const [fileRef, path = ''] = key.split('\0');
      if (fileRef !== ref || !path.startsWith(prefix)) continue;
      const parts = path.slice(prefix.length).split('/');
      const depth = recursive ? parts.length : 1;
      for (let i = 1; i <= depth; i++) {
        const entryPath = prefix + parts.slice(0, i).join('/');
        const type = i === parts.length ? 'blob' : 'tree';
        entries.set(entryPath, { type, path: entryPath, name: parts[i - 1] ?? '' });
      }
    }
    if (entries.size === 0) return undefined;
    return [...entries.values()].sort((a, b) => a.path.localeCompare(b.path));
  }

  setComparison(project: StandInGitlabProject, from: string, to: string, files: StandInDiffFile[]): void {
    this.required(project).comparisons.set(`${from}..${to}`, files);
  }

  /** The straight diff from..to: registered, or a diff version's own base..head. */
  comparison(project: ProjectState, from: string, to: string): StandInDiffFile[] | undefined {
    const registered = project.comparisons.get(`${from}..${to}`);
    if (registered !== undefined) return registered;
    for (const mr of project.mergeRequests.values()) {
      const version = mr.versions.find((v) => v.baseSha === from && v.headSha === to);
      if (version !== undefined) return version.files;
    }
    return undefined;
  }

  knowsCommit(project: ProjectState, sha: string): boolean {
    if (project.parents.has(sha)) return true;
    return [...project.parents.values()].some((parents) => parents.includes(sha));
  }

  /** The nearest common ancestor of two commits in the recorded history. */
  mergeBase(project: ProjectState, a: string, b: string): string | undefined {
    const ancestors = new Set<string>();
    const walk = [a];
    while (walk.length > 0) {
      const sha = walk.pop() as string;
      if (ancestors.has(sha)) continue;
      ancestors.add(sha);
      walk.push(...(project.parents.get(sha) ?? []));
    }
    const queue = [b];
    const seen = new Set<string>();
    while (queue.length > 0) {
      const sha = queue.shift() as string;
      if (ancestors.has(sha)) return sha;
      if (seen.has(sha)) continue;
      seen.add(sha);
      queue.push(...(project.parents.get(sha) ?? []));
    }
    return undefined;
  }

  addNote(
    mr: StandInMergeRequest,
    note: Omit<StandInNote, 'id' | 'createdAt' | 'system'> & { system?: boolean },
    individual: boolean,
  ): StandInDiscussion {
    const id = this.nextId++;
    const discussion: StandInDiscussion = {
      id: createHash('sha1').update(`discussion:${id}`).digest('hex'),
      individualNote: individual,
      notes: [{ ...note, id, system: note.system ?? false, createdAt: now() }],
    };
    mr.discussions.push(discussion);
    return discussion;
  }
}

export type { ProjectState };

/** One entry of a repository tree listing. */
export interface TreeEntry {
  type: 'blob' | 'tree';
  path: string;
  name: string;
}
