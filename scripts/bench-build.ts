// The build half of `npm run bench`: runs Folio's real `build` in its own process (so that the
// benchmark can measure this process and its Chromium from outside), and writes the whole
// report as one HTML document with the pages the build printed (its chapters, blank versos
// and contents numbers), which the benchmark then prints, bare, as its reference.
// Usage: bench-build.ts <content> <out> <formats> <html-file>
import {writeFile} from 'node:fs/promises';
import type {BuildOptions} from '../src/build.js';
import type {Format} from '../src/formats.js';
import {printChapterBodies, renderWholeReport} from '../src/html/print-document.js';
import {createTemplates} from '../src/html/templates.js';
import {defaultTemplatesDir} from '../src/project-paths.js';
import {ensureCompiled} from './compile.mjs';

// The build runs as \`folio\` runs it, compiled (\`npm run bench\` compiles first): through tsx,
// every module the build loads lazily would be compiled inside the measured time.
if (!ensureCompiled(() => undefined)) throw new Error('Folio did not compile: run `npm run bench` to see why');
const {build} = (await import(new URL('../dist/build.js', import.meta.url).href)) as typeof import('../src/build.js');

const usage = `Usage: node --import tsx scripts/bench-build.ts <content> <out> <formats> <html-file>

The build half of \`npm run bench\`, which runs it: builds <content> into <out> (formats as in
\`folio build --format\`), then writes the whole report as one HTML document to <html-file>.
`;
const [contentDir, outDir, formats, htmlFile] = process.argv.slice(2);
if (process.argv.includes('--help') || process.argv.includes('-h')) {
  process.stdout.write(usage);
  process.exit(0);
}
if (!contentDir || !outDir || !formats || !htmlFile) {
  process.stderr.write(`bench-build: four arguments are needed\n\n${usage}`);
  process.exit(1);
}

// All this process used, start-up and the reference's HTML too: the benchmark takes it from
// what the kernel counted for this process and its children to leave Chromium's.
process.on('exit', () => {
  const all = process.cpuUsage();
  process.stderr.write(`bench: this process used ${Math.round((all.user + all.system) / 1000)} ms of CPU in all\n`);
});

let printed: Parameters<NonNullable<BuildOptions['onReportPrinted']>> | undefined;
// Node's CPU time in the build, without its start-up before it or the reference's HTML after it.
const cpuBefore = process.cpuUsage();
try {
  await build({
    contentDir,
    outDir,
    formats: formats.split(',') as Format[],
    onReportPrinted: (...args) => {
      printed = args;
      // At the end of the `pdf` stage, so that the benchmark can count the PDF's CPU time over
      // the same window as its time; the benchmark samples Chromium's when it reads this line.
      const used = process.cpuUsage(cpuBefore);
      const all = process.cpuUsage();
      process.stderr.write(
        `bench: the report was printed after ${Math.round((used.user + used.system) / 1000)} ms of CPU in Node, ${Math.round((all.user + all.system) / 1000)} ms since this process began\n`
      );
    }
  });
} catch (error) {
  // The build has printed what is wrong with the content; its error carries every file's text.
  process.stderr.write(`bench-build: ${(error as Error).message}\n`);
  process.exit(1);
}
const cpu = process.cpuUsage(cpuBefore);
process.stderr.write(`bench: the build used ${Math.round((cpu.user + cpu.system) / 1000)} ms of CPU in Node\n`);
// Rendered after the build, so that none of it counts in the build's time.
const reference = printed
  ? renderWholeReport(printed[0], printChapterBodies(printed[0]), createTemplates(defaultTemplatesDir), printed[1])
  : '';
await writeFile(htmlFile, reference);
process.stderr.write(`bench: the report was printed in ${printed ? printed[0].chapters.length + 1 : 0} parts\n`);
