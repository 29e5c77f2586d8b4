import { GitProviderError } from '../errors';
import { repositoryInstallationResponse } from './api-schemas';
import { createAppJwt, readAppPrivateKey } from './app-jwt';
import { repoPath } from './paths';
import type { GithubTransportSettings } from './adapter';
import { githubTransport } from './adapter';

/**
 * The GitHub App installation on a repository (`GET /repos/{owner}/{repo}/installation` with the app's
 * JWT): how a manual review through the API finds the credential a webhook would have carried.
 * undefined when the app is not installed there (404).
 */
export async function findGithubInstallation(
  apiUrl: string,
  app: { id: string; privateKey: string },
  repo: { owner: string; name: string },
  settings: GithubTransportSettings = {},
): Promise<number | undefined> {
  const transport = githubTransport(apiUrl, settings);
  const path = `${repoPath(repo)}/installation`;
  const jwt = createAppJwt(app.id, readAppPrivateKey(app.privateKey));
  try {
    const response = await transport.send({
      method: 'GET',
      url: transport.url(path),
      authorization: `Bearer ${jwt}`,
      idempotent: true,
    });
    return transport.parse(repositoryInstallationResponse, response.data, `GET ${path}`).id;
  } catch (error) {
    if (error instanceof GitProviderError && error.status === 404) return undefined;
    throw error;
  }
}
