import {StageError} from '../diagnostics/errors.js';
import {selectBriefChapters} from './brief-chapters.js';
import type {Progress} from '../diagnostics/progress.js';
import {briefTitle, renderBriefBody, renderBriefShell} from '../html/brief-document.js';
import {headingTexts} from '../html/compile-report.js';
import {linkLabels} from '../html/link-labels.js';
import type {CompiledChapter, CompiledReport} from '../html/model.js';
import {withPartPrinter} from '../browser/browser.js';
import {finishPdf, loadPdf, tidyPrintedPdf} from './finish-pdf.js';
import type {BuildContext} from '../browser/build-context.js';

export {selectBriefChapters, UnknownChapterError} from './brief-chapters.js';

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
  /** How its progress lines name the stage: `briefs` by default, `briefs (fr)` for another edition. */
  stage?: string;
}

/**
 * Print the briefs of the chapters marked `brief` (or only those in `only`), one after another
 * in one page of the build's browser, which loads the briefs' styles and fonts once. A failure
 * names its chapter, and nothing is returned, so no set of briefs is ever half written.
 */
export async function printBriefs(
  report: CompiledReport,
  context: BuildContext,
  options: BriefOptions
): Promise<Brief[]> {
  const chapters = selectBriefChapters(report, options.only);
  if (chapters.length === 0) {
    options.progress.line(
      `${options.stage ?? 'briefs'}: no chapter gets a brief (none is marked \`brief: true\` in report.yaml, or listed in this edition’s \`briefs\`)`
    );
    return [];
  }
  return withPartPrinter(
    await context.browser(),
    context.assets,
    renderBriefShell(report, context.templates),
    async (print) => {
      const briefs: Brief[] = [];
      // Finishing one brief (pdf-lib, in Node) runs while Chromium prints the next.
      let finishing: (() => Promise<void>) | undefined;
      for (const chapter of chapters) {
        // A brief that cannot be made still lets the one before it finish (and report its progress).
        const body = await namingChapter(chapter, async () =>
          renderBriefBody(report, chapter, context.templates)
        ).catch(async (error: unknown) => {
          await finishing?.();
          throw error;
        });
        const printed = await namingChapter(chapter, () => print({body}, {tagged: true, outline: true}, finishing));
        finishing = () =>
          namingChapter(chapter, async () => {
            const document = await loadPdf(printed);
            tidyPrintedPdf(document, linkLabels(body));
            const {pdf, pages} = await finishPdf(document, {
              title: briefTitle(report, chapter),
              meta: report.meta,
              date: context.date,
              headings: headingTexts([chapter])
            });
            briefs.push({slug: chapter.slug, pdf, pages});
            options.progress.step(options.stage ?? 'briefs', briefs.length, chapters.length, chapter.slug, pages);
          });
      }
      await finishing?.();
      return briefs;
    }
  );
}

/** Run one brief's step, naming its chapter in any failure. */
async function namingChapter<T>(chapter: CompiledChapter, step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    // A failure of the brief before, finishing while this one printed, keeps its own name.
    throw error instanceof StageError && error.stage.startsWith('brief ')
      ? error
      : new StageError(`brief ${chapter.slug}`, (error as Error).message, {cause: error});
  }
}
