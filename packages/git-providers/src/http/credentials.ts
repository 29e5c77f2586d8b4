import { redactUpstreamText } from '../redact';

export function describeOperation(method: string, url: string): string {
  const parsed = new URL(url);
  // Query strings can hold continuation tokens: the path is enough to say what failed.
  return `${method} ${redactUpstreamText(parsed.pathname)}`;
}

/** Headers that carry a credential (GitLab sends its token as PRIVATE-TOKEN, not Authorization). */
const CREDENTIAL_HEADERS = /^(authorization|proxy-authorization|private-token|job-token|x-api-key|cookie)$/i;

export function headerCredentials(headers: Record<string, string> | undefined): string[] {
  return Object.entries(headers ?? {}).flatMap(([name, value]) =>
    CREDENTIAL_HEADERS.test(name) ? credentialsIn(value) : [],
  );
}

/** The header value and its credential without the scheme ("Bearer X", "Basic X"): never to be echoed. */
export function credentialsIn(authorization: string): string[] {
  if (authorization === '') return [];
  const credential = authorization.replace(/^\S+\s+/, '');
  const out = credential === authorization ? [authorization] : [authorization, credential];
  // A Basic credential is base64 of user:secret; the secret may be echoed decoded.
  if (/^basic\s/i.test(authorization)) {
    const decoded = Buffer.from(credential, 'base64').toString('utf8');
    const secret = decoded.slice(decoded.indexOf(':') + 1);
    if (decoded.includes(':') && secret.length >= 4) out.push(secret);
  }
  return out;
}
