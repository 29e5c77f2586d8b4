import { azureError, objectId, pageOf, type Reply, type RouteContext } from './reply';

export function item(ctx: RouteContext, repoName: string, query: URLSearchParams): Reply {
  const path = query.get('path') ?? '';
  const version = query.get('versionDescriptor.version') ?? 'main';
  const type = (query.get('versionDescriptor.versionType') ?? 'branch').toLowerCase();
  const sha = ctx.store.resolve(version, type);
  if (sha === undefined)
    return azureError(
      404,
      `TF401175: The version descriptor <${type}: ${version}> could not be resolved to a version in the repository ${repoName}`,
      'GitUnresolvableToCommitException',
    );
  const relative = path.replace(/^\/+/, '');
  const content = ctx.store.file(sha, relative);
  if (content === undefined || relative === '') {
    return azureError(
      404,
      `TF401174: The item '${path}' could not be found in the repository '${repoName}' at the version specified by '<Commit: ${sha}>' (resolved from '<${type}: ${version}>').`,
      'GitItemNotFoundException',
    );
  }
  if (content === 'folder') {
    return {
      status: 200,
      body: {
        objectId: objectId(relative),
        gitObjectType: 'tree',
        commitId: sha,
        path: `/${relative}`,
        isFolder: true,
      },
    };
  }
  const binary = Buffer.isBuffer(content);
  const withContent = query.get('includeContent') === 'true';
  const withMetadata = query.get('includeContentMetadata') === 'true';
  return {
    status: 200,
    body: {
      objectId: objectId(content),
      gitObjectType: 'blob',
      commitId: sha,
      path: `/${relative}`,
      ...(withMetadata
        ? {
            contentMetadata: {
              encoding: binary ? 0 : 65001,
              fileName: relative.split('/').at(-1),
              isBinary: binary,
            },
          }
        : {}),
      ...(withContent ? { content: binary ? content.toString('base64') : content } : {}),
      url: `${ctx.collectionUrl}/_apis/git/items?path=${encodeURIComponent(`/${relative}`)}&versionType=Commit&version=${sha}`,
    },
  };
}

/**
 * Items - List (`scopePath`, `recursionLevel` None | OneLevel | Full): the scope itself first, then what lies
 * under it (folders and files), as `{ count, value }`; 404 when the scope does not exist at the version.
 */
export function items(ctx: RouteContext, repoName: string, query: URLSearchParams): Reply {
  const scopePath = query.get('scopePath') ?? '/';
  const version = query.get('versionDescriptor.version') ?? 'main';
  const type = (query.get('versionDescriptor.versionType') ?? 'branch').toLowerCase();
  const sha = ctx.store.resolve(version, type);
  const scope = scopePath.replace(/^\/+|\/+$/g, '');
  const found = sha === undefined ? undefined : scope === '' ? 'folder' : ctx.store.file(sha, scope);
  if (sha === undefined || found === undefined) {
    return azureError(
      404,
      `TF401174: The item '${scopePath}' could not be found in the repository '${repoName}' at the version specified by '<${type}: ${version}>'.`,
      'GitItemNotFoundException',
    );
  }
  const level = (query.get('recursionLevel') ?? 'None').toLowerCase();
  const depth = level === 'full' ? Infinity : level === 'onelevel' ? 1 : 0;
  const entry = (path: string, folder: boolean) => ({
    objectId: objectId(path),
    gitObjectType: folder ? 'tree' : 'blob',
    commitId: sha,
    path: `/${path}`,
    ...(folder ? { isFolder: true } : {}),
    url: `${ctx.collectionUrl}/_apis/git/items?path=${encodeURIComponent(`/${path}`)}&versionType=Commit&version=${sha}`,
  });
  const listed = new Map<string, boolean>([[scope, found === 'folder']]);
  if (found === 'folder') {
    const prefix = scope === '' ? '' : `${scope}/`;
    for (const path of ctx.store.paths(sha)) {
      if (!path.startsWith(prefix)) continue;
      const parts = path.slice(prefix.length).split('/');
      for (let i = 1; i <= Math.min(parts.length, depth); i++) {
        listed.set(prefix + parts.slice(0, i).join('/'), i < parts.length);
      }
    }
  }
  const value = [...listed]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([path, folder]) => entry(path, folder));
  return { status: 200, body: { count: value.length, value } };
}

export function commitDiffs(ctx: RouteContext, query: URLSearchParams): Reply {
  const base = query.get('baseVersion');
  const target = query.get('targetVersion');
  const baseType = (query.get('baseVersionType') ?? 'branch').toLowerCase();
  const targetType = (query.get('targetVersionType') ?? 'branch').toLowerCase();
  if (base === null || target === null)
    return azureError(400, 'baseVersion and targetVersion are required.', 'InvalidArgumentValueException');
  const from = ctx.store.resolve(base, baseType);
  const to = ctx.store.resolve(target, targetType);
  if (from === undefined || to === undefined) {
    return azureError(
      404,
      `TF401175: The version descriptor <${baseType}: ${base}> could not be resolved to a version in the repository.`,
      'GitUnresolvableToCommitException',
    );
  }
  const common = ctx.store.commonAncestor(from, to);
  const diffCommon = query.get('diffCommonCommit') !== 'false';
  const all = ctx.store.changes(diffCommon && common !== undefined ? common : from, to);
  const page = pageOf(ctx, query, all.length);
  if ('status' in page) return page;
  const slice = all.slice(page.skip, page.skip + page.top);
  const count = (sha: string) => {
    let n = 0;
    for (let c: string | undefined = sha; c !== undefined && c !== common; c = ctx.store.parentOf(c)) n += 1;
    return n;
  };
  return {
    status: 200,
    body: {
      allChangesIncluded: page.skip + slice.length >= all.length,
      changeCounts: {
        Add: all.filter((c) => c.changeType === 'add').length,
        Edit: all.filter((c) => c.changeType === 'edit').length,
      },
      changes: slice.map((c) => ({
        item: { gitObjectType: 'blob', path: `/${c.path}`, commitId: to },
        changeType: c.changeType,
        ...(c.originalPath === undefined
          ? {}
          : { sourceServerItem: `/${c.originalPath}`, originalPath: `/${c.originalPath}` }),
      })),
      ...(common === undefined ? {} : { commonCommit: common }),
      baseCommit: from,
      targetCommit: to,
      aheadCount: count(to),
      behindCount: count(from),
    },
  };
}
