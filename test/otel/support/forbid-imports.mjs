// Registers ./forbid-imports-hooks.mjs: `node --import ./test/otel/support/forbid-imports.mjs ...`.
import { register } from 'node:module';

register('./forbid-imports-hooks.mjs', import.meta.url);
