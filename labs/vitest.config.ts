// `npm test` in labs/ runs the labs' self-tests (test/*.test.ts) and unit tests beside lib/ code.
// The labs' grade.test.ts files are not tests of this package: `lab grade` runs them against a
// started lab, so they stay out of this include list.
import shared from '@workshop/tsconfig/vitest';
import { defineConfig, mergeConfig } from 'vitest/config';

export default mergeConfig(
  shared,
  defineConfig({
    test: { include: ['test/**/*.test.ts', 'lib/**/*.test.ts'] },
  }),
);
