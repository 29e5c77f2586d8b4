// The built-in analyzers' time on a synthetic pull request of realistic files (code in several languages,
// configuration, .env and YAML, a few secrets and many look-alikes). Build first:
//   npx turbo run build --filter=@kodus/review-engine && node bench/analyzers-speed.mjs [--rounds 3] [--per-analyzer]
//   [--engine <a packages/review-engine folder with its dist/ built, e.g. from an older commit>]
// Prints the median wall and CPU ms of analyzeFiles over `rounds` runs for a 20-file and a 3,000-file pull
// request; --per-analyzer adds each analyzer's CPU time on the 3,000 files.
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '3' },
    'per-analyzer': { type: 'boolean', default: false },
    // Another build of the review engine, e.g. the baseline: a commit's packages/review-engine built elsewhere.
    engine: { type: 'string' },
  },
});
const engine = values.engine
  ? resolve(values.engine)
  : join(import.meta.dirname, '..', 'packages', 'review-engine');
const require = createRequire(join(engine, 'package.json'));
const { analyzeFiles, DEFAULT_SETTINGS } = require('./dist/index.js');
const { ANALYZERS, reviewableFiles } = require('./dist/analyze-files.js');
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
      ...Array.from(
        { length: 30 },
        (_, k) => `  const value${k} = compute(${k}, "some string literal ${k}", options.v${k % 7});`,
      ),
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
      ...Array.from(
        { length: 30 },
        (_, k) => `    result_${k} = compute(${k}, "value ${k}", key="item_${k}")`,
      ),
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
  const wall = [];
  const cpu = [];
  let count = 0;
  for (let r = 0; r < rounds; r += 1) {
    const started = process.hrtime.bigint();
    const usage = process.cpuUsage();
    count = (await analyzeFiles(pr, settings)).length;
    const used = process.cpuUsage(usage);
    wall.push(Number(process.hrtime.bigint() - started) / 1e6);
    cpu.push((used.user + used.system) / 1e3);
  }
  const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)].toFixed(0);
  const lines = pr.reduce((n, f) => n + f.patch.split('\n').length - 1, 0);
  // CPU time is the fairer figure on a shared machine: wall time includes waiting for other processes.
  console.log(
    `${String(files).padStart(5)} files ${String(lines).padStart(7)} added lines: median ${median(wall)} ms wall, ${median(cpu)} ms CPU (${rounds} rounds), ${count} findings`,
  );
}

await analyzeFiles(pullRequest(6), settings); // loads secretlint once, as a worker does on its first review
await measure(20);
await measure(3000);

if (values['per-analyzer']) {
  // Each analyzer alone over the 3,000-file pull request's parsed files (one round).
  const parsed = reviewableFiles(pullRequest(3000), settings);
  for (const analyzer of ANALYZERS) {
    const usage = process.cpuUsage();
    for (const file of parsed) await analyzer.analyze(file, settings);
    const used = process.cpuUsage(usage);
    console.log(
      `  ${analyzer.name.padEnd(28)} ${((used.user + used.system) / 1e3).toFixed(0).padStart(6)} ms CPU`,
    );
  }
}
