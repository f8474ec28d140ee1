import {setImmediate as nextTurn} from 'node:timers/promises';
import {StageError} from '../diagnostics/errors.js';
import type {Progress} from '../diagnostics/progress.js';
import {headingTexts} from '../html/compile-report.js';
import {linkLabels} from '../html/link-labels.js';
import {formatInteger} from '../html/templates.js';
import type {CompiledChapter, CompiledReport} from '../html/model.js';
import {
  chapterAnchors,
  chapterPart,
  partAnchors,
  chapterPartStyle,
  printChapterBody,
  renderFrontMatter,
  renderPrintShell,
  type PrintLayout
} from '../html/print-document.js';
import type {BuildContext} from '../browser/build-context.js';
import {withPartPrinters, type PartPrinter} from '../browser/browser.js';
import {finishPdf, loadPdf, tidyPrintedPdf} from './finish-pdf.js';
import {PdfJoiner} from './join-pdf.js';
import type {PDFDocument} from 'pdf-lib';
import {setPageLabels} from './page-labels.js';
import {PrintSchedule} from './print-schedule.js';
import {readDestinations} from './read-destinations.js';

/** What printing the report gives. */
export interface PrintedReport {
  pdf: Uint8Array;
  pages: number;
  layout: PrintLayout;
  /** How many chapters were printed a second time, their first print having started at a number that proved wrong. */
  reprints: number;
}

const printOptions = {tagged: true, outline: true} as const;

/**
 * Print the whole report, one part at a time in each of `context.printers` pages of the
 * browser, and join the parts.
 *
 * Chromium has no `target-counter()` and no blank page for `break-before: right`, but every
 * chapter starts on a right-hand page, so a chapter's pages never depend on the chapters
 * before it, only on the number its first page carries. So each chapter is printed at the
 * number the chapters before it reached, or, when several of Chromium's pages print side by
 * side, at the number they are expected to reach, and again if that proves wrong
 * (src/pdf/print-schedule.ts); a blank verso follows a chapter that ends on a right-hand
 * page; where its headings landed is read from the PDF's destinations. The front matter is
 * printed last, when its contents can carry those numbers, and put in front. A page never holds more than one chapter, so time and memory grow in step
 * with the report's length.
 */
export async function printReport(
  report: CompiledReport,
  context: BuildContext,
  progress?: Progress,
  /** How its progress lines name the stage: `pdf`, or `pdf (fr)` for another edition, which may print beside it. */
  stage = 'pdf'
): Promise<PrintedReport> {
  const anchors = report.chapters.map(chapterAnchors);
  const contentsIds = report.chapters.flatMap(headingIds);
  // Ids that a link in another part points to: the contents' entries, and targets of links between chapters.
  const linkedFromElsewhere = new Set(contentsIds);
  for (const {own, linked} of anchors) for (const id of linked) if (!own.has(id)) linkedFromElsewhere.add(id);
  const chapterBody = (index: number) => {
    const {own, linked} = anchors[index]!;
    const elsewhere = new Set([...linked].filter((id) => !own.has(id)));
    const html =
      printChapterBody(report, report.chapters[index]!) +
      partAnchors(
        [...own].filter((id) => linkedFromElsewhere.has(id)),
        elsewhere
      );
    return {html, elsewhere};
  };

  const joiner = await PdfJoiner.create();
  const pages: Record<string, string> = {};
  const blankAfter = new Set<string>();
  let bodyStart = 0;
  let blankAfterFront = false;
  const idWidth = String(report.chapters.length).length;
  // Each chapter's HTML is made when it is first printed, and let go once its print is joined;
  // its length stays, for the schedule's estimates.
  const bodies: Array<ReturnType<typeof chapterBody> | undefined> = [];
  const sizes: number[] = [];
  const body = (index: number) => {
    const made = (bodies[index] ??= chapterBody(index));
    sizes[index] = made.html.length;
    return made;
  };
  const schedule = new PrintSchedule(report.chapters.length, (index) => sizes[index] ?? body(index).html.length);
  await withPartPrinters(
    await context.browser(),
    context.assets,
    renderPrintShell(report, context.templates),
    Math.min(context.printers ?? 1, Math.max(1, report.chapters.length)),
    async (printers, closeSpares) => {
      // Each chapter's latest print, with where its headings landed (pages from its first).
      const prints = new Map<number, {start: number; document: PDFDocument; landed: Map<string, number>}>();
      // Node's share of a chapter (numbering its headings, then tidying it and joining it, in
      // order) runs while Chromium prints: the last chapter's tidying, while the front matter prints.
      const joining: Array<() => void> = [];
      const join = () => {
        for (const step of joining.splice(0)) step();
      };
      const takeFinished = () => {
        for (const {index, start} of schedule.takeFinished()) {
          const chapter = report.chapters[index]!;
          const {document, landed} = prints.get(index)!;
          prints.delete(index);
          for (const id of headingIds(chapter)) {
            const at = landed.get(id);
            if (at === undefined)
              throw new StageError(
                'print',
                `Chromium printed no destination for \`${id}\` in chapter \`${chapter.slug}\`; this is a bug in Folio, please report it`
              );
            pages[id] = formatInteger(start + at, report.meta.language, report.meta.digits);
          }
          const count = document.getPageCount();
          progress?.step(stage, index + 1, report.chapters.length + 1, chapter.slug, count);
          if (count % 2 === 1 && index < report.chapters.length - 1) blankAfter.add(chapter.id);
          joining.push(() => {
            const {html, elsewhere} = body(index);
            bodies[index] = undefined;
            tidyPrintedPdf(document, linkLabels(html), `c${String(index + 1).padStart(idWidth, '0')}-`);
            joiner.append({document, borrowed: elsewhere});
            if (blankAfter.has(chapter.id)) joiner.insertBlank(joiner.pageCount);
          });
        }
      };
      await printSideBySide(printers, schedule, {
        body: (index) => chapterPart(body(index).html),
        style: (index, start) => chapterPartStyle(index + 1, start),
        async read(index, start, bytes) {
          const document = await loadPdf(bytes);
          prints.set(index, {start, document, landed: await readDestinations(document)});
          return document.getPageCount();
        },
        meanwhile(index) {
          takeFinished();
          join();
          // The next chapter's HTML, made now rather than when a printer is free for it.
          if (index + 1 < report.chapters.length) body(index + 1);
        }
      });
      takeFinished();
      // The front matter, the last part, prints in the first page alone: the other closes, with its
      // renderer, while the front matter prints.
      const sparesClosed = closeSpares();
      const print = printers[0]!;
      const front = renderFrontMatter(report, context.templates, pages) + partAnchors([], contentsIds);
      const printed = await print({body: front}, printOptions, join);
      join();
      await sparesClosed;
      const document = await loadPdf(printed);
      progress?.step(
        stage,
        report.chapters.length + 1,
        report.chapters.length + 1,
        'front matter',
        document.getPageCount()
      );
      tidyPrintedPdf(document, linkLabels(front), 'f-');
      joiner.prepend({document, borrowed: new Set(contentsIds)});
      // The cover is a right-hand page; so is the body's first page when the front matter is even.
      blankAfterFront = document.getPageCount() % 2 === 1;
      if (blankAfterFront) joiner.insertBlank(document.getPageCount());
      bodyStart = document.getPageCount() + (blankAfterFront ? 1 : 0);
    }
  );

  const joined = joiner.finish();
  setPageLabels(joined, bodyStart, report.messages.text('cover'));
  const layout: PrintLayout = {pages, blankAfter, blankAfterFront};
  const {pdf, pages: count} = await finishPdf(joined, {
    title: report.meta.title,
    meta: report.meta,
    date: context.date,
    headings: [report.meta.title, report.messages.text('contents'), ...headingTexts(report.chapters)]
  });
  return {pdf, pages: count, layout, reprints: schedule.reprints};
}

/** How `printSideBySide` prints one chapter. */
export interface ChapterPrinting {
  /** The chapter's part: its HTML. */
  body: (index: number) => string;
  /** The part's own CSS, which numbers its first page. */
  style: (index: number, start: number) => string;
  /** Read a print of the chapter: gives its page count. */
  read: (index: number, start: number, bytes: Uint8Array) => Promise<number>;
  /** Node's own work, run while Chromium prints chapter `index`. */
  meanwhile: (index: number) => void;
}

/**
 * Print every chapter the schedule hands out, each printer taking the next as soon as it is
 * free. A printer sends the next chapter's HTML as soon as its print before comes back, and
 * reads that print while Chromium takes the HTML in; the number the next chapter is printed at
 * is asked of the schedule once that reading is done. Resolves once every chapter is printed at
 * its right number; the first failure is thrown once the other printers have stopped.
 */
export async function printSideBySide(
  printers: readonly PartPrinter[],
  schedule: PrintSchedule,
  chapter: ChapterPrinting
): Promise<void> {
  let failure: {error: unknown} | undefined;
  let wake: () => void = () => undefined;
  let changed = new Promise<void>((resolve) => (wake = resolve));
  const tell = () => {
    const woken = wake;
    changed = new Promise<void>((resolve) => (wake = resolve));
    woken();
  };
  const fail = (error: unknown) => {
    failure ??= {error};
    tell();
  };
  const printing = printers.map(async (print) => {
    // The reading of this printer's last print, and whether it is still under way.
    let reading: Promise<void> = Promise.resolve();
    let read = true;
    while (!failure) {
      const index = schedule.next();
      if (index === undefined) {
        // Once the print before is read there may be work (that chapter printed again): look again.
        if (!read) await reading;
        else if (schedule.finished) return;
        else await changed;
        continue;
      }
      let start: number | undefined;
      const style = async () => {
        await reading;
        while (failure || (start = schedule.number(index)) === undefined) {
          if (failure) throw new Error('another print failed');
          await changed;
        }
        return chapter.style(index, start);
      };
      let bytes: Uint8Array;
      try {
        bytes = await print({body: chapter.body(index), style}, printOptions, () => chapter.meanwhile(index));
      } catch (error) {
        schedule.failed(index);
        // What went wrong in the reading before (which the style waited for) is the failure to tell.
        await reading;
        fail(error);
        return;
      }
      // After a turn: the next chapter's HTML is on its way to Chromium before Node reads this print.
      read = false;
      reading = nextTurn().then(async () => {
        try {
          const count = await chapter.read(index, start!, bytes);
          read = true;
          // Throws when a reprint has a page count of its own: then it fails as a reading would.
          schedule.printed(index, start!, count);
          tell();
        } catch (error) {
          read = true;
          schedule.failed(index);
          fail(error);
        }
      });
    }
    await reading;
  });
  await Promise.all(printing);
  if (failure) throw failure.error;
}

/** The ids of a chapter's heading and of its sections' headings: the contents' entries. */
function headingIds(chapter: CompiledChapter): string[] {
  return [chapter.id, ...chapter.sections.map((section) => section.id)];
}
