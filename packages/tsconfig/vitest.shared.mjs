// Shared vitest settings: every package also writes a JSON report that .ci/run sums up.
// Plain JavaScript so that vitest can load it through the package name from any workspace.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    reporters: ['default', ['json', { outputFile: 'test-results/vitest.json' }]],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
