import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/** The package's own entry points, resolved to their TypeScript source as in `package.json`. */
const source = (path: string) => fileURLToPath(new URL(`./src/${path}`, import.meta.url));

export default defineConfig({
  resolve: {
    alias: [
      { find: /^swf-activity-worker$/, replacement: source('index.ts') },
      { find: /^swf-activity-worker\/fake$/, replacement: source('fake/index.ts') },
      { find: /^swf-activity-worker\/msw$/, replacement: source('msw/index.ts') },
      { find: /^swf-activity-worker\/otel$/, replacement: source('otel/index.ts') },
      { find: /^swf-activity-worker\/testing$/, replacement: source('testing/index.ts') },
      { find: /^swf-activity-worker\/interop$/, replacement: source('interop/index.ts') },
    ],
  },
  test: {
    include: ['test/**/*.test.ts', 'examples/**/*.test.ts'],
    setupFiles: ['test/setup/no-open-handles.ts'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});
