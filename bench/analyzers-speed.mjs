// The built-in analyzers' time on a synthetic pull request of realistic files (code in several languages,
// configuration, .env and YAML, a few secrets and many look-alikes). Build first:
//   npx turbo run build --filter=@kodus/review-engine && node bench/analyzers-speed.mjs [--rounds 3]
// Prints the median ms of analyzeFiles over `rounds` runs for a 20-file and a 3,000-file pull request.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const require = createRequire(join(import.meta.dirname, '..', 'packages', 'review-engine', 'package.json'));
const { analyzeFiles, DEFAULT_SETTINGS } = require('./dist/index.js');
const { values } = parseArgs({ options: { rounds: { type: 'string', default: '3' } } });
const rounds = Math.max(1, Number(values.rounds));

// Secret-shaped values are assembled at run time so this file holds no literal a scanner would flag.
const pick = (alphabet, length, seed) =>
  Array.from({ length }, (_, i) => alphabet[(seed * 7 + i * 13 + ((i * i) % 11)) % alphabet.length]).join('');
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

const TEMPLATES = [
  (i) => ({
    path: `src/services/service-${i}.ts`,
    lines: [
      `import { Client } from '../client';`,
      `export class Service${i} {`,
      `  private readonly url = 'https://api.example.com/v1/items';`,
      `  constructor(private readonly client: Client, private readonly apiKey = process.env.API_KEY) {}`,
      `  async list(page = 1): Promise<Item[]> {`,
      `    const res = await this.client.get(\`\${this.url}?page=\${page}\`, { headers: { Authorization: \`Bearer \${this.token}\` } });`,
      `    if (!res.ok) throw new Error('failed to list items: ' + res.status);`,
      `    return res.items.map((item) => ({ ...item, seen: true }));`,
      `  }`,
      `  passwordField = 'password-input';`,
      i % 10 === 0 ? `  private secret = "${pick(ALNUM, 24, i)}";` : `  private retries = 3;`,
      `}`,
      ...Array.from({ length: 30 }, (_, k) => `  const value${k} = compute(${k}, "some string literal ${k}", options.v${k % 7});`),
    ],
  }),
  (i) => ({
    path: `app/handlers/handler_${i}.py`,
    lines: [
      'import os',
      'from app.db import session',
      `DATABASE_URL = os.environ.get("DATABASE_URL", "postgresql://localhost/app")`,
      `def handle_${i}(request):`,
      '    """Handle the request and return a response."""',
      '    password = request.form["password"]',
      '    if not password:',
      '        raise ValueError("password is required")',
      '    user = session.query(User).filter_by(email=request.form["email"]).first()',
      i % 10 === 0 ? `    token = "${['gh', 'p_'].join('')}${pick(ALNUM, 36, i)}"` : '    token = None',
      '    return {"ok": True, "user": user.id}',
      ...Array.from({ length: 30 }, (_, k) => `    result_${k} = compute(${k}, "value ${k}", key="item_${k}")`),
    ],
  }),
  (i) => ({
    path: `deploy/service-${i}/values.yaml`,
    lines: [
      'replicaCount: 2',
      'image:',
      `  repository: registry.example.com/service-${i}`,
      '  tag: "1.4.2"',
      'env:',
      '  LOG_LEVEL: info',
      '  DB_HOST: db.internal',
      '  DB_PASSWORD: ${DB_PASSWORD}',
      i % 10 === 0 ? `  API_SECRET: ${pick(ALNUM, 32, i)}` : '  API_TIMEOUT: 30s',
      'resources:',
      '  limits:',
      '    cpu: 500m',
      '    memory: 256Mi',
      ...Array.from({ length: 20 }, (_, k) => `  label_${k}: value-${k}`),
    ],
  }),
  (i) => ({
    path: `services/s${i}/.env.example`,
    lines: [
      'PORT=3000',
      'DATABASE_URL=postgres://user:password@localhost:5432/app',
      'REDIS_URL=redis://localhost:6379',
      'API_KEY=your-api-key-here',
      'SECRET_KEY=changeme',
      `AWS_ACCESS_KEY_ID=${['AK', 'IA'].join('')}IOSFODNN7EXAMPLE`,
      'LOG_LEVEL=debug',
    ],
  }),
  (i) => ({
    path: `internal/pkg${i}/client.go`,
    lines: [
      `package pkg${i}`,
      'import (',
      '  "fmt"',
      '  "net/http"',
      ')',
      'type Client struct { http *http.Client; token string }',
      'func (c *Client) Do(req *http.Request) (*http.Response, error) {',
      '  req.Header.Set("Authorization", "Bearer "+c.token)',
      '  resp, err := c.http.Do(req)',
      '  if err != nil { return nil, fmt.Errorf("do: %w", err) }',
      '  return resp, nil',
      '}',
      ...Array.from({ length: 25 }, (_, k) => `var name${k} = fmt.Sprintf("item-%d", ${k})`),
    ],
  }),
  (i) => ({
    path: `src/main/java/com/acme/Repo${i}.java`,
    lines: [
      `package com.acme;`,
      `public class Repo${i} {`,
      '  private static final String QUERY = "SELECT id, name FROM items WHERE id = ?";',
      '  private final DataSource dataSource;',
      `  public Repo${i}(DataSource dataSource) { this.dataSource = dataSource; }`,
      '  public Item find(long id) throws SQLException {',
      '    try (var c = dataSource.getConnection(); var s = c.prepareStatement(QUERY)) {',
      '      s.setLong(1, id);',
      '      return map(s.executeQuery());',
      '    }',
      '  }',
      '}',
      ...Array.from({ length: 25 }, (_, k) => `  // line ${k} of a longer class body with some words in it`),
    ],
  }),
];

function pullRequest(files) {
  return Array.from({ length: files }, (_, i) => {
    const { path, lines } = TEMPLATES[i % TEMPLATES.length](Math.floor(i / TEMPLATES.length));
    const patch = [`@@ -0,0 +1,${lines.length} @@`, ...lines.map((l) => `+${l}`)].join('\n');
    return { path: `p${i}/${path}`, status: 'added', patch };
  });
}

const settings = { ...DEFAULT_SETTINGS, maxComments: 10_000 };
async function measure(files) {
  const pr = pullRequest(files);
  const times = [];
  let count = 0;
  for (let r = 0; r < rounds; r += 1) {
    const started = process.hrtime.bigint();
    count = (await analyzeFiles(pr, settings)).length;
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  times.sort((a, b) => a - b);
  const lines = pr.reduce((n, f) => n + f.patch.split('\n').length - 1, 0);
  console.log(
    `${String(files).padStart(5)} files ${String(lines).padStart(7)} added lines: median ${times[Math.floor(times.length / 2)].toFixed(0)} ms (min ${times[0].toFixed(0)}, max ${times.at(-1).toFixed(0)}), ${count} findings`,
  );
}

await analyzeFiles(pullRequest(6), settings); // loads secretlint once, as a worker does on its first review
await measure(20);
await measure(3000);
