// `npm test` in labs/ runs the labs' self-tests (test/*.e2e.test.ts, on ONE sim cluster that
// test/global-setup.ts starts for them) and the unit tests of lib/ and test/ (no cluster).
import shared from '@workshop/tsconfig/vitest';
import { defineConfig, mergeConfig } from 'vitest/config';

export default mergeConfig(
  shared,
  defineConfig({
    test: {
      projects: [
        {
          extends: true,
          test: {
            name: 'unit',
            include: ['lib/**/*.test.ts', 'test/**/*.test.ts'],
            exclude: ['test/**/*.e2e.test.ts'],
          },
        },
        {
          extends: true,
          test: {
            name: 'self-tests',
            include: ['test/**/*.e2e.test.ts'],
            // A project's globalSetup runs only when the run has files of that project, so
            // `npx vitest run lib/` starts no cluster.
            globalSetup: ['test/global-setup.ts'],
            // Up: 2 s; down: well under a second, unless Pods take their grace period.
            hookTimeout: 120_000,
            teardownTimeout: 60_000,
          },
        },
      ],
      // The self-test files mostly wait on `lab` child processes and the shared cluster, so they
      // run at once even on 2 cores (vitest would otherwise run one file at a time there).
      maxWorkers: 3,
    },
  }),
);
