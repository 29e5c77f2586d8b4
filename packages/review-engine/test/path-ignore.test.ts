import { DEFAULT_SETTINGS, isIgnored, parseSettingsFile } from '../src';

describe('isIgnored with the default settings', () => {
  const ignored = (path: string) => isIgnored(path, DEFAULT_SETTINGS);

  it.each([
    'package-lock.json',
    'apps/web/package-lock.json',
    'yarn.lock',
    'pnpm-lock.yaml',
    'services/api/Cargo.lock',
    'poetry.lock',
    'Gemfile.lock',
    'go.sum',
    'composer.lock',
    'public/app.min.js',
    'public/app.js.map',
    'dist/index.js',
    'packages/core/dist/index.d.ts',
    'build/output.txt',
    'vendor/github.com/pkg/errors/errors.go',
    'web/node_modules/react/index.js',
    'third_party/lib/x.c',
    'assets/logo.png',
    '.github/assets/logo.png',
    '.output/dist/server.js',
    'assets/Photo.JPG',
    'docs/manual.pdf',
    'release.zip',
    'lib/tool.jar',
    'bin/setup.exe',
    'fonts/inter.woff2',
    'src/__snapshots__/a.test.ts.snap',
  ])('ignores %s', (path) => expect(ignored(path)).toBe(true));

  it.each([
    'src/index.ts',
    'package.json',
    'README.md',
    'src/distance.ts',
    'src/build.ts',
    'docs/lockfile.md',
    '.github/workflows/ci.yml',
    '.env.example',
  ])('reviews %s', (path) => expect(ignored(path)).toBe(false));
});

describe('isIgnored with user globs', () => {
  const settings = parseSettingsFile(
    [
      'ignore:',
      '  - "docs/**"',
      '  - "*.generated.ts"',
      '  - "/root-only.txt"',
      '  - "fixtures/"',
      '  - ".secrets/**"',
    ].join('\n'),
  );
  const ignored = (path: string) => isIgnored(path, settings);

  it('matches globs with a slash from the root, and ones without a slash at any depth', () => {
    expect(ignored('docs/guide/intro.md')).toBe(true);
    expect(ignored('src/docs/intro.md')).toBe(false);
    expect(ignored('src/api/client.generated.ts')).toBe(true);
    expect(ignored('root-only.txt')).toBe(true);
    expect(ignored('nested/root-only.txt')).toBe(false);
    expect(ignored('test/fixtures/data.json')).toBe(true);
  });

  it('matches dot files and dot folders', () => {
    expect(ignored('.secrets/prod.env')).toBe(true);
    expect(ignored('docs/.vitepress/config.ts')).toBe(true);
    expect(ignored('.config/api.generated.ts')).toBe(true);
  });

  it('keeps the defaults next to the user globs', () => {
    expect(ignored('yarn.lock')).toBe(true);
    expect(ignored('src/app.ts')).toBe(false);
  });

  it('accepts paths given with a leading "./"', () => {
    expect(ignored('./docs/a.md')).toBe(true);
  });
});
