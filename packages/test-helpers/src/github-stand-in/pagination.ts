/**
 * Page-number pagination as GitHub does it: `per_page` (default 30, at most 100) and `page` (from 1), and a
 * `Link` header with rel="prev", "next", "last", "first" URLs (absolute, other query parameters kept),
 * omitted when everything fits on one page.
 */
export interface Page<T> {
  items: T[];
  link?: string;
}

function positiveInteger(value: string | null, fallback: number): number {
  if (value === null || !/^\d+$/.test(value)) return fallback;
  const parsed = Number(value);
  return parsed >= 1 ? parsed : fallback;
}

export function paginate<T>(items: readonly T[], requestUrl: URL, defaultPerPage = 30): Page<T> {
  const perPage = Math.min(positiveInteger(requestUrl.searchParams.get('per_page'), defaultPerPage), 100);
  const page = positiveInteger(requestUrl.searchParams.get('page'), 1);
  const lastPage = Math.max(1, Math.ceil(items.length / perPage));
  const slice = items.slice((page - 1) * perPage, page * perPage);
  if (lastPage === 1 && page === 1) return { items: slice };

  const urlFor = (target: number) => {
    const url = new URL(requestUrl.toString());
    url.searchParams.set('per_page', String(perPage));
    url.searchParams.set('page', String(target));
    return url.toString();
  };
  const links: string[] = [];
  if (page > 1) links.push(`<${urlFor(Math.min(page - 1, lastPage))}>; rel="prev"`);
  if (page < lastPage) {
    links.push(`<${urlFor(page + 1)}>; rel="next"`);
    links.push(`<${urlFor(lastPage)}>; rel="last"`);
  }
  if (page > 1) links.push(`<${urlFor(1)}>; rel="first"`);
  return { items: slice, link: links.join(', ') };
}
