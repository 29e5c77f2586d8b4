import { readHiddenKey, stripHiddenKey } from '../publish';

/**
 * Bitbucket Cloud's markdown escapes raw HTML, so the shared `<!-- kodus:key=... -->` marker would show
 * as text. A link reference definition that nothing references renders to nothing and is kept verbatim
 * in `content.raw`: `[//]: # (kodus:key=KEY)`.
 */
const HTML_MARKER = /<!--\s*kodus:key=([A-Za-z0-9._:-]{1,100})\s*-->/g;
const LINK_MARKER = /^\[\/\/\]: # \(kodus:key=([A-Za-z0-9._:-]{1,100})\)$/m;
const LINK_MARKERS = /\n*^\[\/\/\]: # \(kodus:key=[A-Za-z0-9._:-]{1,100}\)$\n*/gm;

/** The body as posted on Bitbucket: the shared marker rewritten as an invisible reference definition. */
export function toBitbucketMarker(body: string): string {
  return body.replace(HTML_MARKER, (_marker, key: string) => `[//]: # (kodus:key=${key})`);
}

/** The hidden key of a posted body (either form), or undefined when Kodus did not post it. */
export function readBitbucketKey(raw: string | null | undefined): string | undefined {
  if (raw === null || raw === undefined) return undefined;
  return LINK_MARKER.exec(raw)?.[1] ?? readHiddenKey(raw);
}

/** The visible text of a posted body: markers of either form removed. */
export function stripBitbucketKey(raw: string): string {
  return stripHiddenKey(raw.replace(LINK_MARKERS, '\n')).trimEnd();
}
