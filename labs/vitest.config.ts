// `npm test` in labs/ runs the labs' self-tests (test/*.test.ts) and unit tests beside lib/ code.
// The labs' grade.test.ts files are not tests of this package: `lab grade` runs them against a
// started lab. A lab author may still run one by naming it:
//   npx vitest run 01-clusterip/grade.test.ts   (against the lab started with npx lab start 01)
import shared from '@workshop/tsconfig/vitest';
import { defineConfig, mergeConfig } from 'vitest/config';

const namesGradeFile = process.argv.some((arg) => arg.endsWith('grade.test.ts'));

export default mergeConfig(
  shared,
  defineConfig({
    test: {
      include: namesGradeFile ? ['*/grade.test.ts'] : ['test/**/*.test.ts', 'lib/**/*.test.ts'],
      // Each self-test file mostly waits on its own sim cluster and `lab` child processes, so all
      // three run at once even on 2 cores (vitest would otherwise run one file at a time there).
      maxWorkers: 3,
    },
  }),
);
