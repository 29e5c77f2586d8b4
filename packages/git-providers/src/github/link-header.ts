/** The URL of `rel="next"` in an RFC 8288 Link header as GitHub sends it, if any. */
export function nextPageUrl(link: string | null): string | undefined {
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
