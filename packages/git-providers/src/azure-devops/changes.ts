import type { ChangedFile } from '../adapter';
import type { ChangeEntry } from './api-schemas';

/**
 * Azure DevOps change entries (iteration changes, commit diffs) as the files a review reads: folders
 * dropped, paths without their leading `/`, the change type (`"add"`, `"edit"`, `"delete"`, `"rename"`,
 * `"edit, rename"`, or its numeric flags) mapped onto Kodus' statuses.
 */

export interface FileChange {
  path: string;
  previousPath?: string;
  status: ChangedFile['status'];
  changeTrackingId?: number;
}

/** VersionControlChangeType flags (azure-devops-node-api GitInterfaces.d.ts). */
const FLAGS: Record<string, number> = {
  add: 1,
  edit: 2,
  encoding: 4,
  rename: 8,
  delete: 16,
  undelete: 32,
  sourcerename: 1024,
  targetrename: 2048,
};

function flagsOf(changeType: string | number): number {
  if (typeof changeType === 'number') return changeType;
  return changeType
    .split(',')
    .map((word) => FLAGS[word.trim().toLowerCase()] ?? 0)
    .reduce((a, b) => a | b, 0);
}

const repoPath = (path: string): string => path.replace(/^\/+/, '');

export function fileChangeOf(entry: ChangeEntry): FileChange | undefined {
  const item = entry.item;
  if (
    item?.path === undefined ||
    item.isFolder === true ||
    (item.gitObjectType !== undefined && item.gitObjectType !== 'blob')
  ) {
    return undefined;
  }
  const flags = flagsOf(entry.changeType);
  const from = entry.sourceServerItem ?? entry.originalPath;
  const renamed = (flags & (FLAGS.rename ?? 0)) !== 0 && from !== undefined;
  const status: ChangedFile['status'] =
    flags & 16 ? 'removed' : flags & 1 || flags & 32 ? 'added' : renamed ? 'renamed' : 'modified';
  return {
    path: repoPath(item.path),
    ...(renamed && from !== undefined ? { previousPath: repoPath(from) } : {}),
    status,
    ...(entry.changeTrackingId === undefined ? {} : { changeTrackingId: entry.changeTrackingId }),
  };
}
