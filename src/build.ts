import {availableParallelism} from 'node:os';
import path from 'node:path';
import type {VFile} from 'vfile';
import {reportMessages} from './messages/catalogue.js';
import {reuseUnchangedBuild, type BuildCache} from './cache/build-cache.js';
import type {ParseCache} from './cache/parse-cache.js';
import {runChecks} from './check/run-checks.js';
import {allFormats, type Format} from './formats.js';
import {checkContentFolder} from './content/content-folder.js';
import {reportEditions, type Edition} from './content/editions.js';
import type {ChartCache} from './cache/chart-cache.js';
import {containsChart, type ChartRenderings} from './charts/chart-keys.js';
import {loadReport} from './content/load-report.js';
import {checkTranslationStamps} from './content/translation-status.js';
import {ContentError} from './diagnostics/errors.js';
import {hasErrors} from './diagnostics/messages.js';
import {Progress} from './diagnostics/progress.js';
import {formatMessages} from './diagnostics/reporter.js';
import {fontCoverage} from './fonts/coverage.js';
import {fontFiles} from './fonts/shipped-fonts.js';
import {compileReport} from './html/compile-report.js';
import type {CompiledReport} from './html/model.js';
import type {PrintLayout} from './html/print-document.js';
import {createTemplates} from './html/templates.js';
import {parseMany} from './markdown/parse-pool.js';
import {startParseWorkers} from './markdown/parse-workers.js';
import {buildDate} from './output/build-date.js';
import {writeAtomic} from './output/write-atomic.js';
import {AssetServer} from './browser/asset-server.js';
import {BrowserHandle} from './browser/browser-handle.js';
import {selectBriefChapters} from './pdf/brief-chapters.js';
import {editionOutline, shardItems, workItems, type EditionOutline, type Shard} from './plan/work-items.js';
import type {BuildContext} from './browser/build-context.js';
import {defaultTemplatesDir} from './project-paths.js';
import {runInLanes} from './system/run-in-lanes.js';

/** Options of `build` and `check`. */
export interface BuildOptions {
  contentDir: string;
  outDir: string;
  formats: readonly Format[];
  /** Make a stale or unstamped translation an error, not a warning. */
  strict?: boolean;
  /** Only these chapters' briefs (by slug); all chapters marked `brief` when empty. */
  chapters?: readonly string[];
  /** Build only this share of the outputs (see src/plan/work-items.ts), for a CI matrix. */
  shard?: Shard;
  templatesDir?: string;
  quiet?: boolean;
  /** Where messages about the content are printed. */
  stderr?: NodeJS.WritableStream;
  /** The output folder's cache, when the caller already found that a build is needed. */
  cache?: BuildCache;
  /** How many outputs (a PDF, an EPUB, an edition's briefs) are made at once: `FOLIO_LANES`, or one per core and four at most. */
  lanes?: number;
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
  /** Charts rendered before, by everything their rendering depends on. */
  chartCache?: ChartCache;
  /** Make a stale or unstamped translation an error, not a warning. */
  strict?: boolean;
  /** Called once the files are read, when there is a report to check. */
  onLoaded?: () => void;
}

/** One edition of the report, compiled: its language, what its output names add, and its HTML. */
export interface CompiledEdition {
  language: string;
  isSource: boolean;
  /** Added to output names: nothing for the source language, `.<language>` for the others. */
  suffix: string;
  report: CompiledReport;
  /** What planning the build's outputs needs of it (src/plan/). */
  outline: EditionOutline;
}

/**
 * Load, check and compile the report; returns the source language's edition with every message
 * printed. Throws `ContentError` when there is any error, before anything is written.
 */
export async function checkReport(contentDir: string, options: CheckOptions = {}): Promise<CompiledReport> {
  return (await checkEditions(contentDir, options))[0]!.report;
}

/**
 * Load, check and compile every edition of the report (the source language's first); every
 * message is printed once. Throws `ContentError` when there is any error, before anything is written.
 */
export async function checkEditions(contentDir: string, options: CheckOptions = {}): Promise<CompiledEdition[]> {
  const {progress = new Progress(true), stderr = process.stderr, parseCache} = options;
  await checkContentFolder(contentDir);
  const parse = parseCache && ((files: readonly VFile[]) => parseCache.parseMany(files, parseMany));
  const cached = () => (parseCache ? `, ${parseCache.counts.parsed} parsed, ${parseCache.counts.reused} reused` : '');
  const {report, files} = await progress.stage(
    'load',
    () => loadReport(contentDir, undefined, parse),
    (result) => `${result.files.length} files${cached()}`
  );
  if (report) options.onLoaded?.();
  // Compiling the HTML reports the rules that need report-wide ids (links, images); the check stage runs the rest.
  if (report) checkTranslationStamps(report, options.strict ?? false);
  const editions = report ? reportEditions(report) : [];
  const catalogues = await Promise.all(editions.map((edition) => reportMessages(edition.report, options.templatesDir)));
  const charts = await renderCharts(editions, progress, options);
  const compiled = report
    ? await progress.stage('compile', async () => {
        const made = [];
        for (const [index, edition] of editions.entries())
          made.push({
            language: edition.entry.language,
            isSource: edition.isSource,
            suffix: edition.suffix,
            outline: editionOutline(edition),
            report: await compileReport(edition.report, catalogues[index]!, charts)
          });
        return made;
      })
    : undefined;
  // A file that stands in for a missing translation is compiled once per edition: say each thing once.
  for (const file of files) file.messages = uniqueMessages(file.messages);
  if (report)
    await progress.stage('check', () =>
      runChecks(report, {fonts: fontCoverage(fontFiles(options.templatesDir ?? defaultTemplatesDir))})
    );
  const messages = formatMessages(files);
  if (messages) stderr.write(messages);
  if (!compiled || hasErrors(files)) throw new ContentError(files);
  return compiled;
}

/** Render every edition's charts (a stage of its own only when the report has any). */
async function renderCharts(
  editions: readonly Edition[],
  progress: Progress,
  options: CheckOptions
): Promise<ChartRenderings> {
  const hasCharts = editions.some(({report}) =>
    report.chapters.some((chapter) => chapter.files.some((file) => containsChart(file.tree)))
  );
  if (!hasCharts) return new Map();
  const templatesDir = options.templatesDir ?? defaultTemplatesDir;
  const fonts = fontFiles(templatesDir);
  // Vega and the chart code load only for a report that has charts.
  const [{loadChartTheme}, {renderReportCharts}, {ChartRenderer}] = await Promise.all([
    import('./charts/chart-theme.js'),
    import('./charts/render-charts.js'),
    import('./charts/render-in-worker.js')
  ]);
  const renderer = new ChartRenderer(fonts);
  const cache = options.chartCache;
  try {
    return await progress.stage(
      'charts',
      () => renderReportCharts(editions, {theme: loadChartTheme(templatesDir), fonts, renderer, cache}),
      (charts) =>
        `${charts.size} charts${cache ? `, ${cache.counts.rendered} rendered, ${cache.counts.reused} reused` : ''}`
    );
  } finally {
    await renderer.close();
  }
}

/** The items of the build's shard: their ids, and the briefs' chapters by edition language. */
function shareOf(editions: readonly CompiledEdition[], options: BuildOptions, progress: Progress) {
  const items = workItems(
    editions.map((edition) => edition.outline),
    options.formats,
    options.chapters ?? []
  );
  const mine = shardItems(items, options.shard!);
  progress.line(
    `shard ${options.shard!.index}/${options.shard!.count}: ${mine.length} of ${items.length} outputs${mine.length ? ` (${mine.map((item) => item.id).join(', ')})` : ''}`
  );
  const briefs = new Map<string, string[]>();
  for (const item of mine)
    if (item.chapter) briefs.set(item.language, [...(briefs.get(item.language) ?? []), item.chapter]);
  return {ids: new Set(mine.map((item) => item.id)), briefs};
}

function uniqueMessages<T extends {reason: string; line?: number | null; column?: number | null}>(messages: T[]): T[] {
  const seen = new Set<string>();
  return messages.filter((message) => {
    const key = `${message.line}:${message.column}:${message.reason}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** One output of a build, before it is written. */
interface Output {
  path: string;
  data: Uint8Array;
  pages?: number;
}

/** Each format: how to make its outputs, and what its progress line says of them. */
const formats: Record<
  Format,
  {
    make: (
      edition: CompiledEdition,
      context: BuildContext,
      options: BuildOptions,
      progress: Progress,
      /** The stage's name in progress lines: the format, and another edition's language (`pdf (fr)`). */
      stage: string
    ) => Promise<Output[]>;
    detail?: (outputs: Output[]) => string;
  }
> = {
  pdf: {
    async make({report, suffix, isSource}, context, options, progress, stage) {
      // Each format's modules load when it is built: an EPUB alone never loads pdf-lib's printing side.
      const {printReport} = await import('./pdf/print-report.js');
      const {pdf, pages, layout} = await printReport(report, context, progress, stage);
      if (isSource) options.onReportPrinted?.(report, layout);
      return [{path: path.join(options.outDir, `${report.meta.slug}${suffix}.pdf`), data: pdf, pages}];
    },
    detail: ([pdf]) => `${pdf!.pages} pages`
  },
  epub: {
    async make({report, suffix}, context, options) {
      const {buildEpub} = await import('./epub/build-epub.js');
      return [
        {path: path.join(options.outDir, `${report.meta.slug}${suffix}.epub`), data: await buildEpub(report, context)}
      ];
    }
  },
  briefs: {
    async make({report, suffix}, context, options, progress, stage) {
      const {printBriefs} = await import('./pdf/print-briefs.js');
      const briefs = await printBriefs(report, context, {only: options.chapters ?? [], progress, stage});
      return briefs.map((brief) => ({
        path: path.join(options.outDir, 'briefs', `${brief.slug}${suffix}.pdf`),
        data: brief.pdf,
        pages: brief.pages
      }));
    },
    detail: (outputs) => `${outputs.length} printed`
  }
};

/**
 * One output at a time per core, and four at most: each lane holds a Chromium renderer of its
 * own. `FOLIO_LANES` sets it (1 makes one output after another, for a machine short of memory).
 */
function defaultLanes(): number {
  const asked = Number(process.env.FOLIO_LANES);
  return Number.isInteger(asked) && asked > 0 ? asked : Math.min(availableParallelism(), 4);
}

/** The whole pipeline: check, then build the formats side by side in one browser, then write every output at once. */
export async function build(options: BuildOptions): Promise<BuildResult> {
  const stderr = options.stderr ?? process.stderr;
  const progress = new Progress(options.quiet ?? false, stderr);
  const templatesDir = options.templatesDir ?? defaultTemplatesDir;
  // Before the fingerprint reads it: a wrong folder gets the sentence that says what to do.
  await checkContentFolder(options.contentDir);
  // A rebuild whose inputs are all unchanged reuses the last outputs (see src/cache/).
  const {cache, reused} = options.cache
    ? {cache: options.cache, reused: undefined}
    : await reuseUnchangedBuild({...options, templatesDir}, progress, stderr);
  if (reused) return {files: reused};
  // Started now, the parse workers are ready when the Markdown is read (see parse-workers.ts).
  startParseWorkers(cache.markdownBytes);
  // For a print, Chromium starts at once, while the Markdown is read in the parse workers: its
  // start-up needs Node's turns, which the parse leaves free and the compile gives only between
  // files (see `compileReport`). An EPUB alone needs it only for a cover not kept from an earlier
  // build: it starts once the files are read (on two cores, starting it beside the parse made the
  // parse slower by as much) and goes on starting in the compile's turns, or when the cover is
  // made. It is closed on every path.
  const chromium = new BrowserHandle({templatesDir});
  if (options.formats.some((format) => format !== 'epub')) chromium.start();
  // New parse results are written while the build goes on. They are kept even when the content has
  // errors (the next build, or --watch, reuses them); a cache that cannot be saved only makes the
  // next build slower, so it never fails this one.
  let savingParses: Promise<void> | undefined;
  const saveParses = () =>
    (savingParses ??= Promise.all([cache.parseCache.save(), cache.chartCache.save()]).then(
      () => undefined,
      () => undefined
    ));
  const outputs: Output[] = [];
  try {
    const editions = await checkEditions(options.contentDir, {
      progress,
      strict: options.strict,
      stderr: cache.recording(stderr),
      templatesDir,
      parseCache: cache.parseCache,
      chartCache: cache.chartCache,
      onLoaded: () => (cache.coverCache.isEmpty() ? chromium.start() : undefined)
    })
      .finally(() => void saveParses())
      .catch((error: unknown) => {
        throw error instanceof ContentError ? new ContentError(error.files, '; nothing was written') : error;
      });
    // A mistyped `--chapter` fails now, not after the whole report has been printed.
    const report = editions[0]!.report;
    if (options.formats.includes('briefs')) selectBriefChapters(report, options.chapters ?? []);
    let browser: ReturnType<BuildContext['browser']> | undefined;
    const lanes = options.lanes ?? defaultLanes();
    const context: BuildContext = {
      browser: () => (browser ??= progress.stage('browser', () => chromium.browser())),
      covers: cache.coverCache,
      assets: new AssetServer(report.contentDir, templatesDir),
      templates: createTemplates(templatesDir),
      date: buildDate()
    };
    const share = options.shard && shareOf(editions, options, progress);
    const jobs: Array<() => Promise<Output[]>> = [];
    for (const edition of editions) {
      for (const format of allFormats.filter((name) => options.formats.includes(name))) {
        const {make, detail} = formats[format];
        // A shard makes only its own items: this edition's PDF or EPUB, or some of its briefs.
        const chapters = share?.briefs.get(edition.language);
        if (share && (format === 'briefs' ? !chapters : !share.ids.has(`${format}:${edition.language}`))) continue;
        const stage = edition.isSource ? format : `${format} (${edition.language})`;
        const asked = chapters ? {...options, chapters} : options;
        jobs.push(() => progress.stage(stage, () => make(edition, context, asked, progress, stage), detail));
      }
    }
    // Each print holds one core (Chromium lays a page out on one thread) and leaves Node idle
    // for much of it: the report, the briefs and the EPUB are made side by side, one per core.
    // A core no other output takes gets a second page for the report's chapters (see
    // src/pdf/print-schedule.ts); beside other outputs, it made the build no faster and took a
    // renderer's memory more.
    context.printers = Math.min(2, Math.max(1, lanes - jobs.length + 1));
    outputs.push(...(await runInLanes(jobs, lanes)).flat());
  } catch (error) {
    throw await chromium.explain(error);
  } finally {
    await Promise.all([chromium.close(), saveParses()]);
  }
  // Written only once every format has succeeded, so a failed build leaves the last good outputs alone.
  await progress.stage(
    'write',
    () => Promise.all(outputs.map((output) => writeAtomic(output.path, output.data))),
    () => `${outputs.length} files`
  );
  const files = outputs.map((output) => ({path: output.path, bytes: output.data.byteLength, pages: output.pages}));
  // Only a build that made EPUBs knows which covers are still wanted; another (a shard without one) leaves them all.
  if (outputs.some((output) => output.path.endsWith('.epub'))) await cache.coverCache.save().catch(() => undefined);
  await cache.save(files);
  progress.line(`done in ${progress.elapsed()}`);
  return {files};
}
