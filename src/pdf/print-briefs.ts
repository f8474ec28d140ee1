import {FolioError, StageError} from '../diagnostics/errors.js';
import type {Progress} from '../diagnostics/progress.js';
import {briefTitle, renderBriefDocument} from '../html/brief-document.js';
import type {CompiledChapter, CompiledReport} from '../html/model.js';
import {printHtml} from './browser.js';
import {headingTexts} from '../html/compile-report.js';
import {finishPdf} from './finish-pdf.js';
import type {PrintContext} from './print-report.js';

/** One printed brief. */
export interface Brief {
  slug: string;
  pdf: Uint8Array;
  pages: number;
}

/** Options of `printBriefs`. */
export interface BriefOptions {
  /** Only these chapters (by slug), whether marked `brief` or not; every chapter marked `brief` when empty. */
  only: readonly string[];
  progress: Progress;
  /** How many briefs print at once; each is a page in the one browser. */
  concurrency?: number;
}

/** Briefs printed at once by default: one per core of a small machine, set with `FOLIO_BRIEF_CONCURRENCY`. */
export const defaultBriefConcurrency = Number(process.env.FOLIO_BRIEF_CONCURRENCY) || 2;

/** `--chapter` named a chapter the report does not have. */
export class UnknownChapterError extends FolioError {
  constructor(unknown: readonly string[], available: readonly string[]) {
    const names = (slugs: readonly string[]) => slugs.map((slug) => `\`${slug}\``).join(', ');
    super(`No chapter ${names(unknown)} in the report; use one of ${names(available)}`);
  }
}

/**
 * The chapters to make briefs of, in report order: those named in `only`, or else every
 * chapter marked `brief`. Throws `UnknownChapterError` for a slug that is no chapter.
 */
export function selectBriefChapters(report: CompiledReport, only: readonly string[]): CompiledChapter[] {
  if (only.length === 0) return report.chapters.filter((chapter) => chapter.brief);
  const slugs = new Set(report.chapters.map((chapter) => chapter.slug));
  const unknown = [...new Set(only)].filter((slug) => !slugs.has(slug));
  if (unknown.length > 0) throw new UnknownChapterError(unknown, [...slugs]);
  return report.chapters.filter((chapter) => only.includes(chapter.slug));
}

/**
 * Print the briefs of the chapters marked `brief` (or only those in `only`), a few at a time
 * in the build's browser. A failure names its chapter; the briefs still printing are let
 * finish and nothing is returned, so no set of briefs is ever half written.
 */
export async function printBriefs(report: CompiledReport, context: PrintContext, options: BriefOptions): Promise<Brief[]> {
  const chapters = selectBriefChapters(report, options.only);
  if (chapters.length === 0) options.progress.line('briefs: no chapter is marked `brief: true` in report.yaml');
  let done = 0;
  return runPool(chapters, options.concurrency ?? defaultBriefConcurrency, async (chapter) => {
    const brief = await printBrief(report, chapter, context);
    options.progress.line(`briefs ${++done}/${chapters.length} ${chapter.slug} (${brief.pages} page${brief.pages === 1 ? '' : 's'})`);
    return brief;
  });
}

/** Print one chapter's brief: tagged, with bookmarks, and the same metadata and dates as the report. */
async function printBrief(report: CompiledReport, chapter: CompiledChapter, context: PrintContext): Promise<Brief> {
  try {
    const html = renderBriefDocument(report, chapter, context.templates);
    const printed = await printHtml(context.browser, context.assets, html, {tagged: true, outline: true});
    const {pdf, pages} = await finishPdf(printed, {title: briefTitle(report, chapter), meta: report.meta, date: context.date, headings: headingTexts([chapter])});
    return {slug: chapter.slug, pdf, pages};
  } catch (error) {
    throw new StageError(`brief ${chapter.slug}`, (error as Error).message, {cause: error});
  }
}

/**
 * Run `work` on every item with at most `limit` at once; results keep the items' order.
 * After a failure no new item starts, the running ones settle, and the first failure is thrown.
 */
async function runPool<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  let failure: {error: unknown} | undefined;
  const worker = async () => {
    while (!failure && next < items.length) {
      const index = next++;
      try {
        results[index] = await work(items[index]!);
      } catch (error) {
        failure ??= {error};
      }
    }
  };
  await Promise.all(Array.from({length: Math.max(1, Math.min(limit, items.length))}, worker));
  if (failure) throw failure.error;
  return results;
}
