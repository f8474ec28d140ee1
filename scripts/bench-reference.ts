// The reference half of `npm run bench`: in its own process, so that the benchmark measures it
// from outside as it measures the build, a bare Chromium launch, one load of the whole report's
// HTML in the same hardened page as the build's, and one tagged print: nothing else.
// Usage: bench-reference.ts <content> <html-file>
// Writes one JSON line to stdout: the times of the three steps, this process's CPU time, the pages.
import {readFile, realpath} from 'node:fs/promises';
import {PDFDocument} from 'pdf-lib';
import {AssetServer} from '../src/browser/asset-server.js';
import {closeBrowser, launchBrowser, openHardenedPage, printTimeoutMs} from '../src/browser/browser.js';
import {defaultTemplatesDir} from '../src/project-paths.js';

const usage = `Usage: node --import tsx scripts/bench-reference.ts <content> <html-file>

The reference half of \`npm run bench\`, which runs it: launches Chromium, loads <html-file> (its
images and fonts served from <content> and the templates) and prints it once, then writes the
times, this process's CPU time and the number of pages as one JSON line.
`;
const [contentDir, htmlFile] = process.argv.slice(2);
if (process.argv.includes('--help') || process.argv.includes('-h')) {
  process.stdout.write(usage);
  process.exit(0);
}
if (!contentDir || !htmlFile) {
  process.stderr.write(`bench-reference: two arguments are needed\n\n${usage}`);
  process.exit(1);
}

// As in bench-build.ts: the benchmark takes all this process used from what the kernel counted.
process.on('exit', () => {
  const all = process.cpuUsage();
  process.stderr.write(`bench: this process used ${Math.round((all.user + all.system) / 1000)} ms of CPU in all\n`);
});

const assets = new AssetServer(await realpath(contentDir), defaultTemplatesDir);
const html = await readFile(htmlFile, 'utf8');
// Node's CPU time from the launch to the browser's close, as the build's is counted to its end.
const cpuBefore = process.cpuUsage();
const timer = performance.now();
const browser = await launchBrowser();
const launchMs = performance.now() - timer;
let measured: {launchMs: number; loadMs: number; printMs: number; totalMs: number};
let pdf: Uint8Array;
try {
  const page = await openHardenedPage(browser, assets);
  const document = assets.addDocument(html);
  const loadStart = performance.now();
  await page.goto(document.url, {waitUntil: 'load', timeout: printTimeoutMs});
  const loadMs = performance.now() - loadStart;
  const printStart = performance.now();
  // The same options as the build's final print, so that both make the same PDF.
  pdf = await page.pdf({
    preferCSSPageSize: true,
    printBackground: true,
    tagged: true,
    outline: true,
    timeout: printTimeoutMs
  });
  const printMs = performance.now() - printStart;
  measured = {launchMs, loadMs, printMs, totalMs: launchMs + loadMs + printMs};
} finally {
  await closeBrowser(browser);
}
const cpu = process.cpuUsage(cpuBefore);
const pages = (await PDFDocument.load(pdf, {updateMetadata: false})).getPageCount();
process.stdout.write(`${JSON.stringify({...measured, nodeCpuMs: (cpu.user + cpu.system) / 1000, pages})}\n`);
