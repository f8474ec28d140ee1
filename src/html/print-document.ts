import type nunjucks from 'nunjucks';
import {chapterHtml} from './chapter-html.js';
import type {CompiledReport} from './model.js';

/** Where the pages fall: contents page numbers, and the blank pages that put chapters on right-hand pages. */
export interface PrintLayout {
  /** Printed page number (as shown) of each chapter and section id; missing ids print a placeholder. */
  pages: Readonly<Record<string, string>>;
  /** Ids of chapters that need a blank page before them to start on a right-hand page. */
  blankBefore: ReadonlySet<string>;
  /** Whether the front matter needs a blank verso so that the body starts on a right-hand page. */
  blankBeforeBody: boolean;
}

/** A first layout: no blank pages yet, and placeholders as wide as real page numbers. */
export const draftLayout: PrintLayout = {pages: {}, blankBefore: new Set(), blankBeforeBody: false};

const pageHeights = {A4: '297mm', Letter: '11in'} as const;

/** Each chapter's HTML for print (links to `#id`, hyphenated): the same in every pass, so made once. */
export function printChapterBodies(report: CompiledReport): string[] {
  return report.chapters.map((chapter) => chapterHtml(chapter, {linkTo: (target) => `#${target.id}`, hyphenate: report.meta.language}));
}

/**
 * The whole report as one HTML document for the print edition (`templates/print/report.njk`),
 * from the chapters' bodies (`printChapterBodies`) and a layout.
 */
export function renderPrintDocument(report: CompiledReport, bodies: readonly string[], templates: nunjucks.Environment, layout: PrintLayout): string {
  const placeholder = '000';
  const pages = new Proxy(layout.pages, {get: (target, id: string) => target[id] ?? placeholder});
  return templates.render('print/report.njk', {
    meta: report.meta,
    pageSize: report.meta.pageSize,
    pageHeight: pageHeights[report.meta.pageSize],
    pages,
    blankBeforeBody: layout.blankBeforeBody,
    chapters: report.chapters.map((chapter, index) => ({
      ...chapter,
      blankBefore: layout.blankBefore.has(chapter.id),
      html: bodies[index]
    }))
  });
}
