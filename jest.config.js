/**
 * One command, `npm test`: unit specs beside the code, end-to-end specs under test/, and specs of
 * the repository itself (test/architecture: the floors are enforced by lint).
 */
module.exports = {
  rootDir: '.',
  moduleFileExtensions: ['js', 'json', 'ts'],
  testRegex: ['src/.*\\.spec\\.ts$', 'test/.*\\.e2e-spec\\.ts$', 'test/.*\\.spec\\.ts$'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }],
  },
  // marked ships ESM only; jest (CommonJS) loads its UMD build. Node itself require()s the ESM build.
  moduleNameMapper: { '^marked$': '<rootDir>/node_modules/marked/lib/marked.umd.js' },
  testEnvironment: 'node',
  testTimeout: 120000,
  maxWorkers: 2,
  forceExit: false,
};
