// corpus/ holds the analyzers' labelled pull requests (files such as *.test.ts, *_test.go): data, never tests.
const preset = require('../../jest.preset.js');

module.exports = {
  ...preset,
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/corpus/'],
  modulePathIgnorePatterns: ['<rootDir>/corpus/'],
};
