import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** One real payload from @octokit/webhooks-examples, with where it came from for test names. */
export interface WebhookExample {
  event: string;
  source: string;
  index: number;
  payload: Record<string, unknown>;
}

const root = dirname(require.resolve('@octokit/webhooks-examples/package.json'));

/** Every example of `events` for api.github.com and each GitHub Enterprise Server version shipped. */
export function webhookExamples(events: readonly string[]): WebhookExample[] {
  const sources = readdirSync(root, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  const found: WebhookExample[] = [];
  for (const source of sources) {
    const list = JSON.parse(readFileSync(join(root, source, 'index.json'), 'utf8')) as {
      name: string;
      examples: Record<string, unknown>[];
    }[];
    for (const group of list) {
      if (!events.includes(group.name)) continue;
      group.examples.forEach((payload, index) => found.push({ event: group.name, source, index, payload }));
    }
  }
  return found;
}
