import {
  isDocumentation,
  isEntryPointFile,
  isLoggerFile,
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
      'other',
      'other',
    ]);
  });

  it('reads a language from a shebang line', () => {
    expect(languageOfShebang('#!/usr/bin/env node')).toBe('javascript');
    expect(languageOfShebang('#!/usr/bin/python3.12')).toBe('python');
    expect(languageOfShebang('#!/bin/bash')).toBe('other');
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
    ];
    expect(scripts.filter((p) => !isScriptFile(p))).toEqual([]);
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
