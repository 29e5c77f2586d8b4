/**
 * Where the next page is, for each provider's paging style. Each returns an absolute URL, or undefined
 * on the last page; the caller checks the URL stays under the API root before following it.
 */

/** The URL of `rel="next"` in an RFC 8288 Link header (GitHub, and GitLab's keyset paging). */
export function linkHeaderNext(link: string | null): string | undefined {
  if (link === null) return undefined;
  for (const part of link.split(',')) {
    const match = /^\s*<([^>]+)>\s*((?:;\s*[^;]+)*)$/.exec(part);
    if (match === null) continue;
    const params = (match[2] ?? '').split(';').map((p) => p.trim());
    if (params.some((p) => /^rel\s*=\s*"?([^"]*)"?$/i.exec(p)?.[1]?.split(/\s+/).includes('next'))) {
      return match[1];
    }
  }
  return undefined;
}

/** GitLab's offset paging: `X-Next-Page` is the next page number (empty on the last page). */
export function gitlabNextPage(current: string, headers: Headers): string | undefined {
  const fromLink = linkHeaderNext(headers.get('link'));
  if (fromLink !== undefined) return fromLink;
  const next = headers.get('x-next-page')?.trim() ?? '';
  if (!/^\d+$/.test(next)) return undefined;
  const url = new URL(current);
  url.searchParams.set('page', next);
  return url.toString();
}

/** Bitbucket Cloud's paging: the page object's `next` URL (absent on the last page). */
export function bitbucketNext(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const next = (body as { next?: unknown }).next;
  return typeof next === 'string' && next !== '' ? next : undefined;
}

/** Azure DevOps' paging: `x-ms-continuationtoken` goes back as the `continuationToken` parameter. */
export function azureNext(current: string, headers: Headers): string | undefined {
  const token = headers.get('x-ms-continuationtoken');
  if (token === null || token.trim() === '') return undefined;
  const url = new URL(current);
  url.searchParams.set('continuationToken', token.trim());
  return url.toString();
}

export type PagingStyle = 'link' | 'gitlab' | 'bitbucket' | 'azure';

/** The next page's URL after `current`, for one paging style. */
export function nextPageUrl(
  style: PagingStyle,
  current: string,
  headers: Headers,
  body: unknown,
): string | undefined {
  switch (style) {
    case 'link':
      return linkHeaderNext(headers.get('link'));
    case 'gitlab':
      return gitlabNextPage(current, headers);
    case 'bitbucket':
      return bitbucketNext(body);
    case 'azure':
      return azureNext(current, headers);
  }
}
