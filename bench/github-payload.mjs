// A GitHub `pull_request.opened` payload of about 25 KB, shaped like the real ones (GitHub sends the
// full repository, user and pull-request objects; the PR description makes up the rest).
export function pullRequestPayload(targetBytes = 25 * 1024) {
  const user = (login, id) => ({
    login,
    id,
    node_id: `MDQ6VXNlcj${id}`,
    avatar_url: `https://avatars.githubusercontent.com/u/${id}?v=4`,
    html_url: `https://github.com/${login}`,
    type: 'User',
    site_admin: false,
  });
  const repo = {
    id: 1296269,
    node_id: 'MDEwOlJlcG9zaXRvcnkxMjk2MjY5',
    name: 'api',
    full_name: 'acme/api',
    private: false,
    owner: user('acme', 9919),
    html_url: 'https://github.com/acme/api',
    description: 'The Acme API',
    fork: false,
    default_branch: 'main',
    visibility: 'public',
  };
  const payload = {
    action: 'opened',
    number: 42,
    pull_request: {
      url: 'https://api.github.com/repos/acme/api/pulls/42',
      id: 1,
      node_id: 'MDExOlB1bGxSZXF1ZXN0MQ==',
      html_url: 'https://github.com/acme/api/pull/42',
      number: 42,
      state: 'open',
      locked: false,
      title: 'Add the billing export',
      user: user('octocat', 1),
      body: '',
      created_at: '2026-11-27T10:00:00Z',
      updated_at: '2026-11-27T10:00:00Z',
      draft: false,
      head: {
        label: 'acme:billing',
        ref: 'billing',
        sha: '6dcb09b5b57875f334f61aebed695e2e4193db5e',
        user: user('acme', 9919),
        repo,
      },
      base: {
        label: 'acme:main',
        ref: 'main',
        sha: '0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c',
        user: user('acme', 9919),
        repo,
      },
      merged: false,
      commits: 3,
      additions: 120,
      deletions: 4,
      changed_files: 5,
    },
    repository: repo,
    sender: user('octocat', 1),
    installation: { id: 2311213, node_id: 'MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9uMjMxMTIxMw==' },
  };
  const filler = 'This change adds the billing export and its tests. ';
  while (JSON.stringify(payload).length < targetBytes) payload.pull_request.body += filler;
  return Buffer.from(JSON.stringify(payload));
}
