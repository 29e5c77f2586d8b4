// Plain fetch on the shared HTTP layer (@kodus/git-providers ProviderHttp) against two well-kept client
// libraries: @gitbeaker/rest (GitLab) and azure-devops-node-api (Azure DevOps). Install size, cold
// require time, and per-call time against a local stand-in (node:http on 127.0.0.1, no network).
//
//   npm run build -w @kodus/git-providers
//   mkdir -p /tmp/libs/gitbeaker /tmp/libs/azure   # each with a {"private":true} package.json
//   (cd /tmp/libs/gitbeaker && npm install --ignore-scripts @gitbeaker/rest)
//   (cd /tmp/libs/azure && npm install --ignore-scripts azure-devops-node-api)
//   node bench/provider-clients.mjs --libs /tmp/libs --calls 500
//
// The libraries are installed outside the repository on purpose: the bench measures them, Kodus does not
// depend on them.
import { execFileSync, spawnSync } from 'node:child_process';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    libs: { type: 'string', default: '/tmp/kodus-bench-libs' },
    calls: { type: 'string', default: '500' },
  },
});
const libs = resolve(values.libs);
const calls = Number(values.calls);
const root = resolve(import.meta.dirname, '..');
const ours = join(root, 'packages/git-providers/dist/index.js');

const kib = (path) => Number(execFileSync('du', ['-sk', path]).toString().split('\t')[0]);
const packagesIn = (dir) =>
  Number(
    execFileSync('sh', [
      '-c',
      `find ${dir} -name package.json -path '*/node_modules/*' -not -path '*/node_modules/*/node_modules/*/node_modules/*' | wc -l`,
    ])
      .toString()
      .trim(),
  );

function coldRequire(script, cwd) {
  const times = [];
  for (let i = 0; i < 7; i += 1) {
    const run = spawnSync(process.execPath, ['-e', script], { cwd, encoding: 'utf8' });
    if (run.status !== 0) throw new Error(run.stderr);
    times.push(Number(run.stdout.trim()));
  }
  times.sort((a, b) => a - b);
  return times[3];
}
const timed = (load) => `const t=performance.now();${load};console.log((performance.now()-t).toFixed(1))`;

// --- the stand-in: one GitLab merge request, one Azure DevOps pull request (with the location data the
// Azure library asks for first).
const mergeRequest = JSON.stringify({
  id: 1,
  iid: 1,
  project_id: 1,
  title: 'Tidy up',
  description: 'x'.repeat(800),
  state: 'opened',
  draft: false,
  sha: 'a'.repeat(40),
  diff_refs: { base_sha: 'b'.repeat(40), head_sha: 'a'.repeat(40), start_sha: 'b'.repeat(40) },
  author: { id: 1, username: 'octocat', name: 'Octo Cat' },
  web_url: 'http://127.0.0.1/acme/web/-/merge_requests/1',
});
const pullRequest = JSON.stringify({
  pullRequestId: 1,
  status: 'active',
  title: 'Tidy up',
  description: 'x'.repeat(800),
  isDraft: false,
  lastMergeSourceCommit: { commitId: 'a'.repeat(40) },
  lastMergeTargetCommit: { commitId: 'b'.repeat(40) },
  repository: { id: '3411ebc1-d5aa-464f-9615-0b527bc66719', name: 'web', project: { name: 'proj' } },
});
const location = (id, area, resourceName, routeTemplate) => ({
  id,
  area,
  resourceName,
  routeTemplate,
  resourceVersion: 1,
  minVersion: '1.0',
  maxVersion: '7.2',
  releasedVersion: '7.1',
});
const azureLocations = {
  location: {
    count: 1,
    value: [
      location(
        'e81700f7-3be2-46de-8624-2eb35882fcaa',
        'Location',
        'ResourceAreas',
        '_apis/{resource}/{areaId}',
      ),
    ],
  },
  git: {
    count: 1,
    value: [
      location(
        '9946fd70-0d40-406e-b686-b4744cbbcc37',
        'git',
        'pullRequests',
        '{project}/_apis/{area}/repositories/{repositoryId}/{resource}/{pullRequestId}',
      ),
    ],
  },
};
let requests = 0;
const server = createServer((req, res) => {
  requests += 1;
  const path = (req.url ?? '').split('?')[0].toLowerCase();
  const json = (body) => {
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
    res.end(typeof body === 'string' ? body : JSON.stringify(body));
  };
  if (path.endsWith('/merge_requests/1')) return json(mergeRequest);
  if (req.method === 'OPTIONS' && path.endsWith('/_apis/location')) return json(azureLocations.location);
  if (req.method === 'OPTIONS' && path.endsWith('/_apis/git')) return json(azureLocations.git);
  if (path.endsWith('/_apis/resourceareas')) return json({ count: 0, value: null });
  if (path.endsWith('/pullrequests/1')) return json(pullRequest);
  res.writeHead(404, { 'content-type': 'application/json' });
  res.end('{"message":"not found"}');
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const origin = `http://127.0.0.1:${server.address().port}`;

async function perCall(name, call) {
  for (let i = 0; i < 50; i += 1) await call();
  const before = requests;
  const start = process.hrtime.bigint();
  for (let i = 0; i < calls; i += 1) await call();
  const us = Number(process.hrtime.bigint() - start) / 1000 / calls;
  return { name, usPerCall: Math.round(us), requestsPerCall: (requests - before) / calls };
}

const require = createRequire(import.meta.url);
const { ProviderHttp } = require(ours);
const gitlabHttp = new ProviderHttp({
  provider: 'gitlab',
  baseUrl: `${origin}/api/v4`,
  authorization: () => 'Bearer t',
});
const azureHttp = new ProviderHttp({
  provider: 'azure-devops',
  baseUrl: `${origin}/org`,
  authorization: () => 'Basic dDp0',
});
const { Gitlab } = await import(join(libs, 'gitbeaker/node_modules/@gitbeaker/rest/dist/index.mjs'));
const gitbeaker = new Gitlab({ host: origin, token: 't' });
const azureLib = createRequire(join(libs, 'azure/package.json'))('azure-devops-node-api');
const webApi = new azureLib.WebApi(`${origin}/org`, azureLib.getPersonalAccessTokenHandler('t'));
const gitApi = await webApi.getGitApi();

const results = [
  await perCall('GitLab MR, ProviderHttp (fetch)', () =>
    gitlabHttp.request({ method: 'GET', path: '/projects/1/merge_requests/1' }),
  ),
  await perCall('GitLab MR, @gitbeaker/rest', () => gitbeaker.MergeRequests.show(1, 1)),
  await perCall('Azure PR, ProviderHttp (fetch)', () =>
    azureHttp.request({
      method: 'GET',
      path: '/proj/_apis/git/repositories/web/pullRequests/1',
      query: { 'api-version': '7.1' },
    }),
  ),
  await perCall('Azure PR, azure-devops-node-api', () => gitApi.getPullRequest('web', 1, 'proj')),
];
server.close();

const sizes = [
  // zod is already a dependency of config, queue and the apps: the shared layer adds nothing to install.
  {
    name: '@kodus/git-providers dist (all four adapters)',
    kib: kib(join(root, 'packages/git-providers/dist')),
    packages: 0,
  },
  {
    name: 'zod (already installed for config, queue, apps)',
    kib: kib(join(root, 'node_modules/zod')),
    packages: 1,
  },
  {
    name: '@gitbeaker/rest',
    kib: kib(join(libs, 'gitbeaker/node_modules')),
    packages: packagesIn(join(libs, 'gitbeaker')),
  },
  {
    name: 'azure-devops-node-api',
    kib: kib(join(libs, 'azure/node_modules')),
    packages: packagesIn(join(libs, 'azure')),
  },
];
const cold = [
  {
    name: '@kodus/git-providers (whole package)',
    ms: coldRequire(timed(`require(${JSON.stringify(ours)})`), root),
  },
  { name: '@gitbeaker/rest', ms: coldRequire(timed(`require('@gitbeaker/rest')`), join(libs, 'gitbeaker')) },
  {
    name: 'azure-devops-node-api (WebApi + GitApi)',
    ms: coldRequire(
      timed(`require('azure-devops-node-api');require('azure-devops-node-api/GitApi')`),
      join(libs, 'azure'),
    ),
  },
];
console.log(
  JSON.stringify(
    { node: process.version, calls, sizes, coldRequireMedianMs: cold, perCall: results },
    null,
    2,
  ),
);
