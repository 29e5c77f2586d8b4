import { readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import type { RepositoryReader } from '@kodus/review-engine';

const MAX_LISTED = 1_000;

/** The working tree at `root` as a RepositoryReader (for a diff given as a file or on stdin). */
export function fsReader(root: string): RepositoryReader {
  return {
    async listDirectory(dir) {
      try {
        const entries = await readdir(join(root, dir), { recursive: true, withFileTypes: true });
        return entries
          .filter((e) => e.isFile())
          .slice(0, MAX_LISTED)
          .map((e) => relative(root, join(e.parentPath, e.name)).split(sep).join('/'));
      } catch {
        return [];
      }
    },
    async readFile(path) {
      try {
        return await readFile(join(root, path), 'utf8');
      } catch {
        return undefined;
      }
    },
  };
}
