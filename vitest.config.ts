import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    conditions: ['swf-activity-worker:source'],
  },
  test: {
    include: ['test/**/*.test.ts', 'examples/**/*.test.ts'],
    setupFiles: ['test/setup/no-open-handles.ts'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});
