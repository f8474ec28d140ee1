#!/usr/bin/env node
// The `folio` command (for `npm link` or `npx folio`): the compiled JavaScript in dist/, compiled
// again first when src/ has changed since (see scripts/compile.mjs).
import {ensureCompiled} from '../scripts/compile.mjs';
import {debugRequested} from '../src/system/debug-requested.mjs';

if (!ensureCompiled()) process.exit(1);
// With --debug, stack traces name the lines of src/ (dist/ is bundled, with source maps).
if (debugRequested(process.argv.slice(2))) process.setSourceMapsEnabled(true);
await import('../dist/cli.js');
