// Unit tests (*.spec.ts beside the code) and integration tests (apps/<app>/test, libs/<lib>/test, test/).
// ts-jest transpiles each file on its own (type checking is `npm run typecheck`'s job).
// `npm test` runs two files at a time (--maxWorkers=2): integration files mostly wait on the servers and
// the service processes they start, each in a namespace of its own, so two halve the wall time even on
// two cores. The run ends with the ten slowest files (test/slowest-suites-reporter.js).
// One transform for .ts and the dashboard's .tsx (JSX; run in jsdom by a `@jest-environment jsdom` docblock per
// file): ts-jest keeps one compiler setup per worker, so a second entry with another tsconfig was ignored once
// the worker had compiled a .ts file, and the .tsx specs failed depending on the order files came in.
const transform = {
  '^.+\\.tsx?$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.jest.json' }],
};
const moduleNameMapper = {
  '^@zagel/([a-z-]+)$': '<rootDir>/libs/$1/src',
  // The Vonage SDK requires ESM-only node-fetch 3 and uuid 13, which Jest's CommonJS runtime cannot load.
  '^node-fetch$': '<rootDir>/test/node-fetch-cjs.js',
  '^uuid$': '<rootDir>/node_modules/uuid/dist/cjs/index.js',
};
const common = { rootDir: __dirname, testEnvironment: 'node', transform, moduleNameMapper };

module.exports = {
  // Generous on purpose: a test waits on conditions with deadlines, and a loaded CI machine is slow to pass them.
  testTimeout: 120000,
  reporters: ['default', ['<rootDir>/test/slowest-suites-reporter.js', { count: 10 }]],
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs,tools,bench,test}/**/*.spec.ts', '<rootDir>/apps/dashboard/**/*.spec.tsx'] },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/{apps,libs}/*/test/**/*.test.ts', '<rootDir>/test/**/*.test.ts'],
      globalSetup: '<rootDir>/test/jest-global-setup.ts',
    },
  ],
};
