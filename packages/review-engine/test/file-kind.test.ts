import {
  isDocumentation,
  isEntryPointFile,
  isLoggerFile,
  isInScriptFolder,
  isScriptFile,
  isTestFile,
  languageOf,
  languageOfShebang,
} from '../src/file-kind';

describe('file kind', () => {
  it('knows languages by extension and a few by file name, others are "other"', () => {
    expect(
      [
        'a.ts',
        'A.java',
        'b.kt',
        'c.go',
        'd.rs',
        'E.cs',
        'f.swift',
        'g.dart',
        'Rakefile',
        'h.PHP',
        'x.c',
        'Makefile',
      ].map(languageOf),
    ).toEqual([
      'javascript',
      'java',
      'kotlin',
      'go',
      'rust',
      'csharp',
      'swift',
      'dart',
      'ruby',
      'php',
      'c',
      'other',
    ]);
    expect(
      [
        'a.cpp',
        'b.h',
        'c.m',
        'd.lua',
        'e.pm',
        't/basic.t',
        'f.R',
        'g.cljs',
        'show.html.erb',
        'h.sh',
        'build.gradle',
      ].map(languageOf),
    ).toEqual(['c', 'c', 'objc', 'lua', 'perl', 'perl', 'r', 'clojure', 'ruby-template', 'other', 'other']);
  });

  it('reads a language from a shebang line', () => {
    expect(languageOfShebang('#!/usr/bin/env node')).toBe('javascript');
    expect(languageOfShebang('#!/usr/bin/python3.12')).toBe('python');
    expect(languageOfShebang('#!/bin/bash')).toBe('other');
    expect(languageOfShebang('#!/usr/bin/env perl -w')).toBe('perl');
    expect(languageOfShebang('#!/usr/bin/env luajit')).toBe('lua');
    expect(languageOfShebang('#!/usr/bin/env Rscript')).toBe('r');
    expect(languageOfShebang('print("#!node")')).toBe('other');
  });

  it('recognises test files across ecosystems without taking look-alike names', () => {
    const tests = [
      'src/cart.test.ts',
      'tests/test_cart.py',
      'cart_test.go',
      'spec/cart_spec.rb',
      'src/test/java/shop/CartTest.java',
      'src/shop/CartServiceIT.java',
      'app/src/androidTest/kotlin/CartTests.kt',
      'Shop.UnitTests/Cart.cs',
      'Tests/AppTests/CartTests.swift',
      'test/cart_test.dart',
      'tests/Feature/CartTest.php',
      'src/components/Button.stories.tsx',
      't/basic.t',
      'spec/parser_spec.lua',
      'test/shop/cart_test.clj',
    ];
    expect(tests.filter((p) => !isTestFile(p))).toEqual([]);
    const notTests = [
      'src/Contest.java',
      'src/attestation.ts',
      'src/SPLIT.java',
      'src/latest.go',
      'src/Testimony.cs',
    ];
    expect(notTests.filter(isTestFile)).toEqual([]);
  });

  it('recognises scripts, entry points and loggers', () => {
    const scripts = [
      'scripts/seed.ts',
      'cmd/tool/main.go',
      'etl/__main__.py',
      'etl/cli.py',
      'lib/tasks/a.rake',
      'build.rs',
      'priv/repo/seeds.exs',
      'examples/quickstart.py',
      'docs/snippets/client.ts',
      'samples/Upload/Program.cs',
      'Tour.playground/Contents.swift',
      'bench/parse.mjs',
      'src/parse.bench.ts',
      'src/Button.stories.tsx',
      'app/migrations/0004_backfill.py',
      'db/migrate/20240101_add_index.rb',
      'scratch.sc',
      '.iex.exs',
      'dev/user.clj',
    ];
    expect(scripts.filter((p) => !isScriptFile(p))).toEqual([]);
    // In test-named files only the folder (or a demo's name) says "script": `test_cli.py` is a test.
    expect(['tests/test_cli.py', 'src/cli.test.ts'].filter(isInScriptFolder)).toEqual([]);
    expect(['examples/test_quickstart.py', 'src/Button.stories.tsx'].every(isInScriptFolder)).toBe(true);
    expect(['src/service.ts', 'src/client.py', 'src/command.go'].filter(isScriptFile)).toEqual([]);
    expect(
      ['src/main.rs', 'Sources/Tool/main.swift', 'src/App/Program.cs', 'src/bin/tool.rs'].every(
        isEntryPointFile,
      ),
    ).toBe(true);
    const loggers = [
      'src/logger.ts',
      'app/log.py',
      'src/request-logger.js',
      'src/FileLogger.java',
      'src/logging/x.ts',
    ];
    expect(loggers.filter((p) => !isLoggerFile(p))).toEqual([]);
    expect(['src/catalog.ts', 'src/Dialog.tsx', 'src/blog.py', 'src/login.ts'].filter(isLoggerFile)).toEqual(
      [],
    );
  });

  it('still knows documentation', () => {
    expect(['README.md', 'doc.rst', 'a.ts'].map(isDocumentation)).toEqual([true, true, false]);
  });
});
