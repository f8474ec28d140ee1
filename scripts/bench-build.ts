// The build half of `npm run bench`: runs Folio's real `build` in its own process (so that the
// benchmark can measure this process and its Chromium from outside), and keeps a copy of the
// last whole-report document the browser was given: the final print's HTML, which the
// benchmark then prints once more, bare, as its reference.
// Usage: bench-build.ts <content> <out> <formats> <html-file>
import {writeFile} from 'node:fs/promises';
import {build} from '../src/build.js';
import type {Format} from '../src/cli/parse-args.js';
import {AssetServer} from '../src/pdf/asset-server.js';

const [contentDir, outDir, formats, htmlFile] = process.argv.slice(2);
if (!contentDir || !outDir || !formats || !htmlFile) throw new Error('usage: bench-build.ts <content> <out> <formats> <html-file>');

// Observe, not change: each document is still served exactly as before. Keeping a reference
// to the string costs nothing, since the server holds it anyway while it is printed.
let finalHtml: string | undefined;
let reportPrints = 0;
const addDocument = AssetServer.prototype.addDocument;
AssetServer.prototype.addDocument = function (this: AssetServer, html: string) {
  if (html.includes('<nav class="front contents"')) {
    finalHtml = html;
    reportPrints++;
  }
  return addDocument.call(this, html);
};

await build({contentDir, outDir, formats: formats.split(',') as Format[]});
await writeFile(htmlFile, finalHtml ?? '');
process.stderr.write(`bench: the report was printed ${reportPrints} times\n`);
