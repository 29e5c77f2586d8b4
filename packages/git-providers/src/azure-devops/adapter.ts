import type { ProviderAccess, ProviderAdapter } from '../adapter';
import { GitProviderError } from '../errors';
import { ProviderHttp, type RetryPolicy } from '../http';
import { type AzureConnection, AzureDevopsClient } from './client';
import { asAzure, azureFullName, parseAzureFullName, trustedCollectionUrl } from './locator';
import { azureDevopsWebhook } from './webhook-adapter';

/** Services takes the newest released version; Server 2020 and later all take 6.0. */
export const SERVICES_API_VERSION = '7.1';
export const SERVER_API_VERSION = '6.0';
const DEFAULT_URL = 'https://dev.azure.com';

export function apiVersionFor(collectionUrl: string): string {
  return URL.parse(collectionUrl)?.hostname.toLowerCase() === 'dev.azure.com'
    ? SERVICES_API_VERSION
    : SERVER_API_VERSION;
}

export interface AzureClientSettings {
  /** Default: by host (apiVersionFor). */
  apiVersion?: string;
  fetch?: typeof fetch;
  retry?: Partial<RetryPolicy>;
  timeoutMs?: number;
}

/**
 * A client for the organizations or collections on `accessUrl`'s host (`AZURE_DEVOPS_URL`), authenticated
 * with a PAT (Basic, empty user name); a repository whose collection is on another host is refused, so a
 * webhook payload cannot send the token elsewhere.
 */
export function createAzureDevopsClient(
  accessUrl: string,
  token: string,
  settings: AzureClientSettings = {},
): AzureDevopsClient {
  const authorization = `Basic ${Buffer.from(`:${token}`).toString('base64')}`;
  const connections = new Map<string, AzureConnection>();
  return new AzureDevopsClient((repo) => {
    const collectionUrl = trustedCollectionUrl(asAzure(repo), { url: accessUrl });
    let connection = connections.get(collectionUrl);
    if (connection === undefined) {
      const http = new ProviderHttp({
        provider: 'azure-devops',
        baseUrl: collectionUrl,
        authorization: () => authorization,
        ...(settings.fetch === undefined ? {} : { fetch: settings.fetch }),
        ...(settings.retry === undefined ? {} : { retry: settings.retry }),
        ...(settings.timeoutMs === undefined ? {} : { timeoutMs: settings.timeoutMs }),
      });
      connection = { http, apiVersion: settings.apiVersion ?? apiVersionFor(collectionUrl), collectionUrl };
      connections.set(collectionUrl, connection);
    }
    return connection;
  });
}

export const azureDevopsAdapter: ProviderAdapter = {
  name: 'azure-devops',
  webhook: azureDevopsWebhook,
  parseFullName: parseAzureFullName,
  fullName: azureFullName,
  configured: (access: ProviderAccess) => access.azureDevops.token !== undefined,
  createClient(access, context) {
    const token = access.azureDevops.token;
    if (token === undefined) {
      throw new GitProviderError('no Azure DevOps credentials: set AZURE_DEVOPS_TOKEN', {
        provider: 'azure-devops',
        retryable: false,
      });
    }
    const accessUrl = access.azureDevops.url ?? DEFAULT_URL;
    // Checked now too: a job whose repository is on another host fails before any request.
    trustedCollectionUrl(asAzure(context.repository), { url: accessUrl });
    return createAzureDevopsClient(accessUrl, token);
  },
};
