// The shared settings, plus: the fixture labs' files are data for the tests, not tests;
// and the end-to-end files each run a whole sim cluster, so they run one at a time on small machines.
import { defineConfig, mergeConfig } from 'vitest/config';
import shared from '../tsconfig/vitest.shared.mjs';

export default mergeConfig(
  shared,
  defineConfig({
    test: {
      exclude: ['**/node_modules/**', 'test/fixtures/**'],
      fileParallelism: false,
    },
  }),
);
