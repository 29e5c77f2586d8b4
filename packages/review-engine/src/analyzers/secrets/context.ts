import { extensionOf, isDocumentation, isTestFile } from '../../file-kind';
import type { ParsedFile } from '../../types';

/**
 * Where a secret-shaped value was added, judged from the file's path and the lines the change adds. The
 * rules by kind (docs/analyzers.md, "Context"):
 * - a private key or a live-format cloud/API token is reported everywhere, tests included, unless its
 *   value is plainly fake — except in a secret scanner's own tests, whose test data they are;
 * - passwords, connection strings, bearer JWTs, Kubernetes Secret values and test-mode keys are reported
 *   in code and configuration only: in tests, documentation, example files and translations they are
 *   fixtures, examples or labels.
 */
export interface SecretContext {
  /** Test code, fixtures, test data. */
  test: boolean;
  /** A test about detecting or redacting secrets: its secret-shaped strings are its test data. */
  scannerTest: boolean;
  /** Documentation (md/rst/adoc/txt, docs/ folders). */
  docs: boolean;
  /** A template to copy: `.env.example`, `*.sample`, `*.dist`, `*.template`. */
  example: boolean;
  /** Translation files (locales/, i18n/, lang/...). */
  locale: boolean;
  /** A configuration format whose values are written unquoted: YAML, .properties, .env, ini. */
  config: 'yaml' | 'properties' | 'env' | 'ini' | undefined;
}

const DOCS_FOLDER = /(^|\/)(docs?|documentation|wiki|examples?|samples?)\//i;
const EXAMPLE_NAME =
  /(^|[./_-])(example|examples|sample|samples|dist|template|tmpl|tpl)(\.[^/]*)?$|\.env\.(example|sample|template|dist|defaults?|local\.example)$/i;
const LOCALE_FOLDER = /(^|\/)(locales?|i18n|l10n|lang|langs|languages|translations?)\//i;
/** Translation files named by their language (fr.yml, en-US.json, messages_de.properties): ISO 639-1 codes. */
const LANGUAGE_CODES =
  'af|ar|az|be|bg|bn|bs|ca|cs|cy|da|de|el|en|eo|es|et|eu|fa|fi|fil|fr|ga|gl|gu|he|hi|hr|hu|hy|id|is|it|ja|ka|kk|km|kn|ko|lt|lv|mk|ml|mn|mr|ms|mt|nb|ne|nl|nn|no|pa|pl|pt|ro|ru|si|sk|sl|sq|sr|sv|sw|ta|te|th|tl|tr|uk|ur|uz|vi|zh';
const LOCALE_NAME = new RegExp(
  `(?:^|[/._-])(?:${LANGUAGE_CODES})(?:[_-][A-Za-z]{2,4})?\\.(?:json|ya?ml|po|properties|xliff|xlf|strings|resx|arb)$`,
);
const SCANNER_NAME =
  /leak|redact|scanner|detector|sanitiz|mask|secretlint|gitleaks|secrets?[-_]?(?:scan|detect|find|rule|pattern)/i;
const SCANNER_FOLDER = /leak|redact|scanner|detect|gitleaks|secretlint|trufflehog|secret[-_]?scan/i;
const SCANNER_WORDS =
  /secretlint|gitleaks|trufflehog|detect[-_ ]?secrets|secret[-_ ]?scan|scan\w*[-_ ]?(?:for[-_ ]?)?secrets?|redact\w*|leaked (?:secret|token|key|credential)|(?:detect|flag|find|report|catch|mask)\w*\s(?:[\w-]+\s){0,3}(?:secrets?|tokens?|keys?|credentials?|passwords?|leaks?)\b/i;
const MAX_LINES_READ = 400;

function configFormat(path: string): SecretContext['config'] {
  const name = path.slice(path.lastIndexOf('/') + 1).toLowerCase();
  if (name === '.env' || name.startsWith('.env.') || name.endsWith('.env')) return 'env';
  const ext = extensionOf(path);
  // kubeconfig files are YAML whatever their name: kubeconfig, prod.kubeconfig, .kube/config
  if (
    ext === 'yml' ||
    ext === 'yaml' ||
    ext === 'kubeconfig' ||
    name === 'kubeconfig' ||
    path.endsWith('.kube/config')
  )
    return 'yaml';
  if (ext === 'properties') return 'properties';
  // TOML and Xcode build settings (.xcconfig) are `key = value` lines too, quoted or not.
  if (
    ext === 'ini' ||
    ext === 'cfg' ||
    ext === 'conf' ||
    ext === 'cnf' ||
    ext === 'toml' ||
    ext === 'xcconfig'
  )
    return 'ini';
  if (name === '.npmrc' || name === '.pypirc' || name === '.yarnrc' || name === '.gitconfig') return 'ini';
  // Shell scripts and Dockerfiles assign unquoted values the way .env files do (export KEY=value, ENV KEY=value).
  if (
    ext === 'sh' ||
    ext === 'bash' ||
    ext === 'zsh' ||
    ext === 'ksh' ||
    ext === 'mk' ||
    ext === 'bat' ||
    ext === 'cmd' ||
    name === 'makefile' ||
    name === 'gnumakefile' ||
    name === 'dockerfile' ||
    name.startsWith('dockerfile.') ||
    name.endsWith('.dockerfile')
  )
    return 'env';
  return undefined;
}

/** One context per parsed file: the three secret analyzers ask for it in turn. */
const cache = new WeakMap<ParsedFile, SecretContext>();

export function secretContext(file: ParsedFile): SecretContext {
  let context = cache.get(file);
  if (!context) {
    context = computeContext(file);
    cache.set(file, context);
  }
  return context;
}

/** Mock servers and end-to-end suites outside a test folder (MSW's src/mocks/, playwright/): test data. */
const MOCK_FOLDER = /(^|\/)(?:mocks?|msw|playwright)\//i;

/** A CloudFormation/SAM template (`template.yaml`) or CDK's synthesized `Stack.template.json`: deployed, not an example. */
const CLOUDFORMATION_TEMPLATE = /^(?:template\.(?:ya?ml|json)|[\w-]{1,100}\.template\.json)$/i;

function computeContext(file: ParsedFile): SecretContext {
  const path = file.path;
  const name = path.slice(path.lastIndexOf('/') + 1);
  const test = isTestFile(path) || MOCK_FOLDER.test(path);
  let scannerTest = false;
  if (test) {
    scannerTest = SCANNER_NAME.test(path.slice(path.lastIndexOf('/') + 1)) || SCANNER_FOLDER.test(path);
    for (let i = 0; !scannerTest && i < file.addedLines.length && i < MAX_LINES_READ; i++) {
      const content = file.addedLines[i]?.content ?? '';
      scannerTest = content.length < 2_000 && SCANNER_WORDS.test(content);
    }
  }
  return {
    test,
    scannerTest,
    docs: isDocumentation(path) || DOCS_FOLDER.test(path),
    example: EXAMPLE_NAME.test(name) && !CLOUDFORMATION_TEMPLATE.test(name),
    locale: LOCALE_FOLDER.test(path) || LOCALE_NAME.test(path),
    config: configFormat(path),
  };
}

/** Where passwords, connection strings and other generic credentials are examples or fixtures, not leaks. */
export function isExampleContext(context: SecretContext): boolean {
  return context.test || context.docs || context.example || context.locale;
}
