import { createHash } from 'node:crypto';
import type { StandInDiffFile, StandInGitlabProject, StandInMergeRequest, StandInNote } from './state';

/**
 * Response bodies in the shapes docs.gitlab.com documents for REST API v4 (merge_requests.md "Get single
 * MR" and "List merge request diffs", discussions.md, notes.md, repository_files.md "Get file from
 * repository", repositories.md "Compare branches, tags or commits" and "Merge base"). `web` is the
 * instance's root URL (a relative path included) for `web_url`s.
 */

/** A user as notes' `author` and `GET /user` name it (the id derived from the username). */
export const user = (username: string) => ({
  id: Number.parseInt(createHash('sha1').update(username).digest('hex').slice(0, 8), 16),
  username,
  name: username,
  state: 'active',
  locked: false,
  avatar_url: null,
  web_url: `https://gitlab.example/${username}`,
});

export function mergeRequest(web: string, project: StandInGitlabProject, mr: StandInMergeRequest): object {
  const version = mr.versions.at(-1);
  const closed = mr.state === 'closed' ? mr.updatedAt : null;
  const merged = mr.state === 'merged' ? mr.updatedAt : null;
  return {
    id: mr.id,
    iid: mr.iid,
    project_id: project.id,
    title: mr.draft ? `Draft: ${mr.title}` : mr.title,
    description: mr.description,
    state: mr.state,
    created_at: mr.createdAt,
    updated_at: mr.updatedAt,
    merged_by: null,
    merge_user: null,
    merged_at: merged,
    closed_by: null,
    closed_at: closed,
    target_branch: mr.targetBranch,
    source_branch: mr.sourceBranch,
    user_notes_count: mr.discussions.length,
    upvotes: 0,
    downvotes: 0,
    author: user(mr.author),
    assignees: [],
    assignee: null,
    reviewers: [],
    source_project_id: project.id,
    target_project_id: project.id,
    labels: [],
    draft: mr.draft,
    work_in_progress: mr.draft,
    milestone: null,
    merge_when_pipeline_succeeds: false,
    merge_status: 'can_be_merged',
    detailed_merge_status: 'mergeable',
    sha: mr.headSha,
    merge_commit_sha: null,
    squash_commit_sha: null,
    discussion_locked: null,
    should_remove_source_branch: null,
    force_remove_source_branch: false,
    reference: `!${mr.iid}`,
    references: { short: `!${mr.iid}`, relative: `!${mr.iid}`, full: `${project.path}!${mr.iid}` },
    web_url: `${web}/${project.path}/-/merge_requests/${mr.iid}`,
    time_stats: {
      time_estimate: 0,
      total_time_spent: 0,
      human_time_estimate: null,
      human_total_time_spent: null,
    },
    squash: false,
    task_completion_status: { count: 0, completed_count: 0 },
    has_conflicts: false,
    blocking_discussions_resolved: true,
    changes_count: String(version?.files.length ?? 0),
    diff_refs:
      version === undefined
        ? null
        : { base_sha: version.baseSha, head_sha: version.headSha, start_sha: version.startSha },
    diverged_commits_count: 0,
    first_contribution: false,
  };
}

export function diffEntry(file: StandInDiffFile): object {
  return {
    old_path: file.oldPath ?? file.newPath,
    new_path: file.newPath,
    a_mode: file.newFile === true ? '0' : '100644',
    b_mode: file.deletedFile === true ? '0' : '100644',
    diff: file.tooLarge === true || file.diff === undefined ? '' : `${file.diff}\n`,
    new_file: file.newFile === true,
    renamed_file: file.renamedFile === true,
    deleted_file: file.deletedFile === true,
    generated_file: false,
    too_large: file.tooLarge === true,
    collapsed: file.collapsed === true,
  };
}

export function note(
  web: string,
  project: StandInGitlabProject,
  mr: StandInMergeRequest,
  n: StandInNote,
): object {
  return {
    id: n.id,
    type: n.position === undefined ? null : 'DiffNote',
    body: n.body,
    attachment: null,
    author: user(n.author),
    created_at: n.createdAt,
    updated_at: n.createdAt,
    system: n.system,
    noteable_id: mr.id,
    noteable_type: 'MergeRequest',
    project_id: project.id,
    noteable_iid: mr.iid,
    resolvable: n.position !== undefined,
    confidential: false,
    internal: false,
    ...(n.position === undefined
      ? {}
      : {
          position: {
            base_sha: n.position.baseSha,
            start_sha: n.position.startSha,
            head_sha: n.position.headSha,
            old_path: n.position.oldPath,
            new_path: n.position.newPath,
            position_type: n.position.positionType,
            old_line: n.position.oldLine,
            new_line: n.position.newLine,
            line_range: null,
          },
          resolved: false,
          resolved_by: null,
          resolved_at: null,
        }),
    web_url: `${web}/${project.path}/-/merge_requests/${mr.iid}#note_${n.id}`,
  };
}

export function repositoryFile(path: string, ref: string, bytes: Buffer): object {
  return {
    file_name: path.split('/').pop() ?? path,
    file_path: path,
    size: bytes.length,
    encoding: 'base64',
    content: bytes.toString('base64'),
    content_sha256: createHash('sha256').update(bytes).digest('hex'),
    ref,
    blob_id: createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex'),
    commit_id: createHash('sha1').update(`commit:${ref}`).digest('hex'),
    last_commit_id: createHash('sha1').update(`commit:${ref}`).digest('hex'),
    execute_filemode: false,
  };
}

export function commit(sha: string): object {
  return {
    id: sha,
    short_id: sha.slice(0, 8),
    title: `commit ${sha.slice(0, 8)}`,
    message: `commit ${sha.slice(0, 8)}\n`,
    parent_ids: [],
    author_name: 'developer',
    author_email: 'developer@example.com',
    authored_date: '2026-01-01T00:00:00.000Z',
    committer_name: 'developer',
    committer_email: 'developer@example.com',
    committed_date: '2026-01-01T00:00:00.000Z',
    created_at: '2026-01-01T00:00:00.000Z',
  };
}

/** GitLab's error bodies: `{"message": ...}` from the API, `{"error": ...}` from parameter validation. */
export const messageBody = (message: string) => ({ message });
export const errorBody = (error: string) => ({ error });
