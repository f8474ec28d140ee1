import {PDFDocument} from 'pdf-lib';
import type {Browser} from 'puppeteer-core';
import type nunjucks from 'nunjucks';
import {StageError} from '../diagnostics/errors.js';
import {headingTexts} from '../html/compile-report.js';
import type {CompiledReport} from '../html/model.js';
import {draftLayout, printChapterBodies, renderPrintDocument, type PrintLayout} from '../html/print-document.js';
import type {AssetServer} from './asset-server.js';
import {printHtml} from './browser.js';
import {finishPdf} from './finish-pdf.js';
import {planLayout, sameLayout} from './plan-layout.js';
import {readDestinations} from './read-destinations.js';

/** The most prints a report takes before its layout must have settled. */
const maxPasses = 4;

/**
 * Added to the draft, which is printed only to read where the headings land: hiding all but the
 * headings moves nothing (`visibility` never changes layout), and spares Chromium writing the
 * text of every page into a PDF that is thrown away.
 */
const draftStyle = '<style>body * { visibility: hidden !important; } h1, h2, h1 *, h2 * { visibility: visible !important; }</style>';

/** Context shared by the print stages of one build. */
export interface PrintContext {
  browser: Browser;
  assets: AssetServer;
  templates: nunjucks.Environment;
  date: Date;
}

/**
 * Print the whole report. Chromium has no `target-counter()`, so the contents' page numbers
 * come from a first print: its link destinations say where each heading landed. The second
 * print carries the real numbers and the blank pages that put chapters on right-hand pages;
 * it is checked by reading its destinations again, and printed once more in the rare case
 * that the layout moved.
 */
export async function printReport(report: CompiledReport, context: PrintContext): Promise<{pdf: Uint8Array; pages: number; layout: PrintLayout}> {
  let layout = draftLayout;
  const bodies = printChapterBodies(report);
  for (let pass = 1; pass <= maxPasses; pass++) {
    const html = renderPrintDocument(report, bodies, context.templates, layout);
    const draft = pass === 1;
    // The draft only has to be measured: no tags and no outline makes it cheaper.
    const pdf = await printHtml(context.browser, context.assets, draft ? html.replace('</head>', `${draftStyle}</head>`) : html, {tagged: !draft, outline: !draft});
    // Parsed once: the same document is measured and, when the layout holds, finished.
    const document = await PDFDocument.load(pdf, {updateMetadata: false});
    const next = planLayout(report, await readDestinations(document), layout);
    if (!draft && sameLayout(next, layout)) {
      return {...(await finishPdf(document, {title: report.meta.title, meta: report.meta, date: context.date, headings: ['Contents', ...headingTexts(report.chapters)]})), layout};
    }
    layout = next;
  }
  throw new StageError('print', `The page layout did not settle after ${maxPasses} prints; this is a bug in Folio's layout, please report it with the content that causes it`);
}
