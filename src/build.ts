import path from 'node:path';
import type {Browser} from 'puppeteer-core';
import type {VFile} from 'vfile';
import {reuseUnchangedBuild, type BuildCache} from './cache/build-cache.js';
import type {ParseCache} from './cache/parse-cache.js';
import {runChecks} from './check/run-checks.js';
import type {Format} from './formats.js';
import {checkContentFolder} from './content/content-folder.js';
import {loadReport} from './content/load-report.js';
import {ContentError, FolioError} from './diagnostics/errors.js';
import {hasErrors} from './diagnostics/messages.js';
import {Progress} from './diagnostics/progress.js';
import {formatMessages} from './diagnostics/reporter.js';
import {fontCoverage} from './fonts/coverage.js';
import {fontFiles} from './fonts/shipped-fonts.js';
import {buildEpub} from './epub/build-epub.js';
import {compileReport} from './html/compile-report.js';
import type {CompiledReport} from './html/model.js';
import type {PrintLayout} from './html/print-document.js';
import {createTemplates} from './html/templates.js';
import {parseMany} from './markdown/parse-pool.js';
import {buildDate} from './output/build-date.js';
import {writeAtomic} from './output/write-atomic.js';
import {AssetServer} from './browser/asset-server.js';
import {browserCrashed, closeBrowser, launchBrowser} from './browser/browser.js';
import {printBriefs, selectBriefChapters} from './pdf/print-briefs.js';
import {printReport} from './pdf/print-report.js';
import type {BuildContext} from './browser/build-context.js';
import {defaultTemplatesDir} from './project-paths.js';

/** Options of `build` and `check`. */
export interface BuildOptions {
  contentDir: string;
  outDir: string;
  formats: readonly Format[];
  /** Only these chapters' briefs (by slug); all chapters marked `brief` when empty. */
  chapters?: readonly string[];
  templatesDir?: string;
  quiet?: boolean;
  /** Where messages about the content are printed. */
  stderr?: NodeJS.WritableStream;
  /** The output folder's cache, when the caller already found that a build is needed. */
  cache?: BuildCache;
  /** Called with the report and where its pages fell once the PDF is printed: for tools that look into a build, such as the benchmark. */
  onReportPrinted?: (report: CompiledReport, layout: PrintLayout) => void;
}

/** What a build wrote. */
export interface BuildResult {
  files: Array<{path: string; bytes: number; pages?: number}>;
}

/** Options of `checkReport`. */
export interface CheckOptions {
  progress?: Progress;
  /** Where messages about the content are printed. */
  stderr?: NodeJS.WritableStream;
  /** The templates folder: its `fonts/` adds to the fonts whose coverage `glyph-missing` checks. */
  templatesDir?: string;
  parseCache?: ParseCache;
  /** Called between loading and checking, when there is a report to check. */
  onLoaded?: () => void;
}

/**
 * Load, check and compile the report; returns it with every message printed.
 * Throws `ContentError` when there is any error, before anything is written.
 */
export async function checkReport(contentDir: string, options: CheckOptions = {}): Promise<CompiledReport> {
  const {progress = new Progress(true), stderr = process.stderr, parseCache} = options;
  await checkContentFolder(contentDir);
  const parse = parseCache && ((files: readonly VFile[]) => parseCache.parseMany(files, parseMany));
  const cached = () => (parseCache ? `, ${parseCache.counts.parsed} parsed, ${parseCache.counts.reused} reused` : '');
  const {report, files} = await progress.stage('load', () => loadReport(contentDir, undefined, parse), (result) => `${result.files.length} files${cached()}`);
  if (report) options.onLoaded?.();
  const compiled = report && (await progress.stage('check', () => {
    const result = compileReport(report);
    runChecks(report, {fonts: fontCoverage(fontFiles(options.templatesDir ?? defaultTemplatesDir))});
    return result;
  }));
  const messages = formatMessages(files);
  if (messages) stderr.write(messages);
  if (!compiled || hasErrors(files)) throw new ContentError(files);
  return compiled;
}

/** The whole pipeline: check, then build each format in one browser, then write every output at once. */
export async function build(options: BuildOptions): Promise<BuildResult> {
  const progress = new Progress(options.quiet ?? false);
  const stderr = options.stderr ?? process.stderr;
  const templatesDir = options.templatesDir ?? defaultTemplatesDir;
  // A rebuild whose inputs are all unchanged reuses the last outputs (see src/cache/).
  const {cache, reused} = options.cache ? {cache: options.cache, reused: undefined} : await reuseUnchangedBuild({...options, templatesDir}, progress, stderr);
  if (reused) return {files: reused};
  // Chromium starts while the content is checked, on the core the check leaves free (while the
  // Markdown is parsed, both cores are busy with that). It is closed unused when the content has
  // errors, which are reported whatever became of the launch.
  let launching: Promise<Browser> | undefined;
  const launch = () => {
    launching ??= launchBrowser({templatesDir});
    launching.catch(() => undefined); // Awaited below, or closed on a content error.
  };
  let report: CompiledReport;
  // New parse results are written while the build goes on. They are kept even when the content has
  // errors (the next build, or --watch, reuses them); a cache that cannot be saved only makes the
  // next build slower, so it never fails this one.
  let savingParses: Promise<void> | undefined;
  const saveParses = () => (savingParses ??= cache.parseCache.save().catch(() => undefined));
  try {
    report = await checkReport(options.contentDir, {progress, stderr: cache.recording(stderr), templatesDir, parseCache: cache.parseCache, onLoaded: launch}).finally(() => void saveParses());
    // A mistyped `--chapter` fails now, not after the whole report has been printed.
    if (options.formats.includes('briefs')) selectBriefChapters(report, options.chapters ?? []);
  } catch (error) {
    await Promise.all([launching?.then(closeBrowser, () => undefined), saveParses()]);
    throw error instanceof ContentError ? new ContentError(error.files, '; nothing was written') : error;
  }
  const outputs: Array<{path: string; data: Uint8Array; pages?: number}> = [];
  const slug = report.meta.slug;
  let browser: Browser | undefined;
  try {
    launch();
    browser = await progress.stage('browser', () => launching!);
    const context: BuildContext = {
      browser,
      assets: new AssetServer(report.contentDir, templatesDir),
      templates: createTemplates(templatesDir),
      date: buildDate()
    };
    if (options.formats.includes('pdf')) {
      const {pdf, pages, layout} = await progress.stage('pdf', () => printReport(report, context, progress), (result) => `${result.pages} pages`);
      options.onReportPrinted?.(report, layout);
      outputs.push({path: path.join(options.outDir, `${slug}.pdf`), data: pdf, pages});
    }
    if (options.formats.includes('epub')) {
      const epub = await progress.stage('epub', () => buildEpub(report, context));
      outputs.push({path: path.join(options.outDir, `${slug}.epub`), data: epub});
    }
    if (options.formats.includes('briefs')) {
      const briefs = await progress.stage('briefs', () => printBriefs(report, context, {only: options.chapters ?? [], progress}), (result) => `${result.length} printed`);
      for (const brief of briefs) outputs.push({path: path.join(options.outDir, 'briefs', `${brief.slug}.pdf`), data: brief.pdf, pages: brief.pages});
    }
  } catch (error) {
    // A browser that died under a stage with no print failure of its own (the EPUB cover) is named as such.
    throw browser && !browser.connected && !(error instanceof FolioError) ? browserCrashed(error) : error;
  } finally {
    await Promise.all([browser && closeBrowser(browser), saveParses()]);
  }
  // Written only once every format has succeeded, so a failed build leaves the last good outputs alone.
  await progress.stage('write', () => Promise.all(outputs.map((output) => writeAtomic(output.path, output.data))), () => `${outputs.length} files`);
  const files = outputs.map((output) => ({path: output.path, bytes: output.data.byteLength, pages: output.pages}));
  await cache.save(files);
  progress.line(`done in ${progress.elapsed()}`);
  return {files};
}
