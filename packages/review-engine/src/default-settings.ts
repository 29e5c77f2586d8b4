import type { ReviewSettings } from './types';

const LOCK_FILES = [
  'package-lock.json',
  'npm-shrinkwrap.json',
  'yarn.lock',
  'pnpm-lock.yaml',
  'bun.lock',
  'bun.lockb',
  'deno.lock',
  'Cargo.lock',
  'poetry.lock',
  'Pipfile.lock',
  'pdm.lock',
  'uv.lock',
  'Gemfile.lock',
  'go.sum',
  'composer.lock',
  'mix.lock',
  'pubspec.lock',
  'Podfile.lock',
  'Package.resolved',
  'packages.lock.json',
  'gradle.lockfile',
  'flake.lock',
];

const GENERATED = [
  '*.min.js',
  '*.min.css',
  '*.map',
  '*.snap',
  'dist/',
  'build/',
  'coverage/',
  '.next/',
  '__snapshots__/',
];

const VENDORED = ['vendor/', 'node_modules/', 'third_party/', 'bower_components/'];

const BINARY_EXTENSIONS = [
  ...['png', 'jpg', 'jpeg', 'gif', 'bmp', 'ico', 'webp', 'avif', 'tif', 'tiff', 'psd', 'svg', 'heic'],
  ...['pdf', 'doc', 'docx', 'xls', 'xlsx', 'ppt', 'pptx'],
  ...['zip', 'gz', 'tgz', 'tar', 'bz2', 'xz', '7z', 'rar', 'jar', 'war', 'ear', 'whl'],
  ...['exe', 'dll', 'so', 'dylib', 'a', 'o', 'obj', 'lib', 'bin', 'class', 'pyc', 'wasm', 'dmg', 'iso'],
  ...['woff', 'woff2', 'ttf', 'otf', 'eot'],
  ...['mp3', 'mp4', 'm4a', 'mov', 'avi', 'mkv', 'wav', 'ogg', 'flac', 'webm'],
  ...['sqlite', 'sqlite3', 'db', 'p12', 'pfx', 'keystore', 'jks'],
];

/** Files no review looks at: lock files, generated or minified output, vendored code, binaries. */
export const DEFAULT_IGNORE: readonly string[] = Object.freeze([
  ...LOCK_FILES,
  ...GENERATED,
  ...VENDORED,
  ...BINARY_EXTENSIONS.map((ext) => `*.${ext}`),
]);

/** The settings of a repository without a `.kodus.yml`. Frozen: copy before changing. */
export const DEFAULT_SETTINGS: ReviewSettings = {
  ignore: [...DEFAULT_IGNORE],
  rules: [],
  analyzers: { secrets: true, debugLeftovers: true, conflictMarkers: true },
  reviewDrafts: false,
  maxComments: 50,
  llm: {
    enabled: true,
    categories: ['bug', 'security', 'performance', 'maintainability', 'style', 'kody_rules'],
    severityThreshold: 'low',
    maxSuggestions: 20,
    language: 'en-US',
    files: { maxFiles: 200, maxLinesPerFile: 2_000, oversized: 'clip' },
  },
  kodyRules: [],
  allow: { paths: [], fingerprints: [] },
};
Object.freeze(DEFAULT_SETTINGS.llm.categories);
Object.freeze(DEFAULT_SETTINGS.llm.files);
Object.freeze(DEFAULT_SETTINGS.llm);
Object.freeze(DEFAULT_SETTINGS.kodyRules);
Object.freeze(DEFAULT_SETTINGS.allow.paths);
Object.freeze(DEFAULT_SETTINGS.allow.fingerprints);
Object.freeze(DEFAULT_SETTINGS.allow);
Object.freeze(DEFAULT_SETTINGS.ignore);
Object.freeze(DEFAULT_SETTINGS.rules);
Object.freeze(DEFAULT_SETTINGS.analyzers);
Object.freeze(DEFAULT_SETTINGS);
