import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // CI also writes a machine-readable report that .ci/run turns into its closing line
    reporters: process.env.CI ? ['default', 'json'] : ['default'],
    outputFile: { json: 'test-results.json' },
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          testTimeout: 10_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          globalSetup: ['test/integration/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          testTimeout: 600_000,
          hookTimeout: 1_200_000,
          fileParallelism: false,
          globalSetup: ['test/integration/global-setup.ts', 'test/e2e/global-setup.ts'],
        },
      },
      {
        test: {
          // Ansible's own integration targets under machinist, against their recorded Ansible runs
          name: 'conformance',
          include: ['test/conformance/**/*.test.ts'],
          globalSetup: ['test/integration/global-setup.ts'],
          testTimeout: 1_200_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
