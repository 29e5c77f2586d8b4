/** What a file is, judged by its path: language for the language-specific checks, test or script. */

export type Language = 'javascript' | 'python' | 'ruby' | 'php' | 'other';

const LANGUAGE_BY_EXTENSION: Record<string, Language> = {
  js: 'javascript',
  jsx: 'javascript',
  mjs: 'javascript',
  cjs: 'javascript',
  ts: 'javascript',
  tsx: 'javascript',
  mts: 'javascript',
  cts: 'javascript',
  vue: 'javascript',
  svelte: 'javascript',
  py: 'python',
  pyw: 'python',
  rb: 'ruby',
  rake: 'ruby',
  php: 'php',
  phtml: 'php',
};

export function extensionOf(path: string): string {
  const name = path.slice(path.lastIndexOf('/') + 1);
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
}

export function languageOf(path: string): Language {
  return LANGUAGE_BY_EXTENSION[extensionOf(path)] ?? 'other';
}

const TEST_FOLDER = /(^|\/)(test|tests|__tests__|__mocks__|spec|specs|e2e|testdata|fixtures)\//i;
const TEST_NAME =
  /(\.(test|spec|e2e-spec)\.[^/]+$)|((^|\/)test_[^/]*\.py$)|(_test\.(py|rb|go)$)|(_spec\.rb$)|((^|\/)conftest\.py$)/i;

/** Test code, fixtures and test data, where debug output and fake credentials are expected. */
export function isTestFile(path: string): boolean {
  return TEST_FOLDER.test(path) || TEST_NAME.test(path);
}

const SCRIPT_FOLDER = /(^|\/)(scripts?|bin|tools|cli)\//i;

/** Command-line scripts, whose job includes printing. */
export function isScriptFile(path: string): boolean {
  return SCRIPT_FOLDER.test(path);
}

const DOC_EXTENSIONS = new Set(['md', 'mdx', 'markdown', 'rst', 'txt', 'adoc', 'asciidoc']);

export function isDocumentation(path: string): boolean {
  return DOC_EXTENSIONS.has(extensionOf(path));
}

const COMMENT_START: Record<Language, RegExp> = {
  javascript: /^\s*(\/\/|\/\*|\*)/,
  python: /^\s*#/,
  ruby: /^\s*#/,
  php: /^\s*(\/\/|#|\/\*|\*)/,
  other: /^\s*(\/\/|#|\/\*|\*|--|;)/,
};

/** A line that is only a comment (as far as one line can tell). */
export function isCommentLine(content: string, language: Language): boolean {
  return COMMENT_START[language].test(content);
}

const TRAILING_COMMENT: Record<Language, RegExp> = {
  javascript: /(^|\s)\/\/|\/\*/,
  python: /(^|\s)#/,
  ruby: /(^|\s)#/,
  php: /(^|\s)(\/\/|#)|\/\*/,
  other: /(^|\s)(\/\/|#)/,
};

/** True when a comment opens in `codeBefore` (the text of the line before some match). */
export function opensComment(codeBefore: string, language: Language): boolean {
  return TRAILING_COMMENT[language].test(codeBefore);
}
