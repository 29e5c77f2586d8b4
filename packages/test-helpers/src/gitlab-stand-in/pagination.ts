/**
 * GitLab's offset pagination (docs.gitlab.com api/rest/#pagination): `page` (from 1) and `per_page`
 * (default 20, at most 100), answered with `x-page`, `x-per-page`, `x-total`, `x-total-pages`,
 * `x-next-page` / `x-prev-page` (empty at the ends) and a `Link` header (first, prev, next, last).
 */
export function paginate<T>(
  items: readonly T[],
  requestUrl: URL,
): { items: T[]; headers: Record<string, string> } {
  const number = (name: string, fallback: number) => {
    const value = requestUrl.searchParams.get(name);
    return value !== null && /^\d+$/.test(value) && Number(value) >= 1 ? Number(value) : fallback;
  };
  const perPage = Math.min(number('per_page', 20), 100);
  const page = number('page', 1);
  const totalPages = Math.max(1, Math.ceil(items.length / perPage));
  const urlFor = (target: number) => {
    const url = new URL(requestUrl.toString());
    url.searchParams.set('page', String(target));
    url.searchParams.set('per_page', String(perPage));
    return url.toString();
  };
  const links = [`<${urlFor(1)}>; rel="first"`];
  if (page > 1) links.push(`<${urlFor(page - 1)}>; rel="prev"`);
  if (page < totalPages) links.push(`<${urlFor(page + 1)}>; rel="next"`);
  links.push(`<${urlFor(totalPages)}>; rel="last"`);
  return {
    items: items.slice((page - 1) * perPage, page * perPage),
    headers: {
      'x-page': String(page),
      'x-per-page': String(perPage),
      'x-total': String(items.length),
      'x-total-pages': String(totalPages),
      'x-next-page': page < totalPages ? String(page + 1) : '',
      'x-prev-page': page > 1 ? String(page - 1) : '',
      link: links.join(', '),
    },
  };
}
