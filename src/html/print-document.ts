import type nunjucks from 'nunjucks';
import {visit} from 'unist-util-visit';
import {isInternalLink} from '../markdown/resolve-links.js';
import {chapterHtml} from './chapter-html.js';
import {textDirection} from './direction.js';
import type {CompiledChapter, CompiledReport} from './model.js';
import {words} from './templates.js';

/**
 * The print edition is printed in parts: the front matter (cover, title page, imprint,
 * contents) and each chapter, every part in the same page of one browser, then joined into
 * one PDF (see src/pdf/print-report.ts). These are the HTML pieces of that page.
 */

/** Where the pages fall, as the joined PDF has them. */
export interface PrintLayout {
  /** Printed page number (as shown) of each chapter and section id. */
  pages: Readonly<Record<string, string>>;
  /** Ids of chapters after which a blank page follows, so that the next one starts on a right-hand page. */
  blankAfter: ReadonlySet<string>;
  /** Whether the front matter is followed by a blank verso, so that the body starts on a right-hand page. */
  blankAfterFront: boolean;
}

const pageHeights = {A4: '297mm', Letter: '11in'} as const;

/** A chapter's HTML for print: links to `#id`, hyphenated. */
export function printChapterBody(report: CompiledReport, chapter: CompiledChapter): string {
  return chapterHtml(chapter, {
    linkTo: (target) => `#${target.id}`,
    hyphenate: report.meta.language,
    openDetails: true,
    keepLanguageSpans: true,
    inlineCharts: true
  });
}

/** Every chapter's HTML for print. */
export function printChapterBodies(report: CompiledReport): string[] {
  return report.chapters.map((chapter) => printChapterBody(report, chapter));
}

/**
 * The page every part is printed in (`templates/print/report.njk`): styles, fonts and the
 * named pages of every chapter, with an empty body; or, given `body`, the whole report as one
 * document.
 */
export function renderPrintShell(report: CompiledReport, templates: nunjucks.Environment, body = ''): string {
  return templates.render('print/report.njk', {
    meta: report.meta,
    pageSize: report.meta.pageSize,
    pageHeight: pageHeights[report.meta.pageSize],
    chapters: report.chapters,
    body,
    t: words(report),
    dir: textDirection(report.meta.language)
  });
}

/** The front matter (`templates/print/front-matter.njk`), with the contents' page numbers. */
export function renderFrontMatter(
  report: CompiledReport,
  templates: nunjucks.Environment,
  pages: PrintLayout['pages']
): string {
  return templates.render('print/front-matter.njk', {
    meta: report.meta,
    chapters: report.chapters,
    pages,
    t: words(report),
    dir: textDirection(report.meta.language)
  });
}

/** A chapter's part: the chapter in the report's body element. */
export function chapterPart(chapterBody: string): string {
  return `<main class="body">\n${chapterBody}\n</main>`;
}

/**
 * The CSS of chapter `position`'s part (1-based, its named page `chapter-N`): its first page
 * carries `firstNumber`, the others count on from it, and the chapter's opening page has no
 * running head, as a book's chapter openings do (the first page of a part is the first page of
 * its document, which `:first` can select).
 */
export function chapterPartStyle(position: number, firstNumber: number): string {
  return `@page chapter-${position}:first { counter-increment: page ${firstNumber}; @top-left { content: none; } @top-right { content: none; } }`;
}

/**
 * A part's anchors for links that cross parts. Chromium writes a named destination only for an
 * element that a link *in the same document* points to, and no link at all to an id the document
 * lacks. So each part carries, hidden and untagged:
 * - an empty link to each of its own ids that another part links to (`wanted`), which makes
 *   Chromium write that id's real destination;
 * - an empty element for each id it links to in another part (`elsewhere`), which makes
 *   Chromium keep the link; the joined PDF points that name at the real destination.
 */
export function partAnchors(wanted: Iterable<string>, elsewhere: Iterable<string>): string {
  const links = [...wanted].map((id) => `<a href="#${escapeAttribute(id)}"></a>`);
  const targets = [...elsewhere].map((id) => `<span id="${escapeAttribute(id)}"></span>`);
  if (links.length + targets.length === 0) return '';
  return `<div class="part-anchors" aria-hidden="true">${links.join('')}${targets.join('')}</div>`;
}

/** The ids a chapter's tree holds, and the ids its internal links point to. */
export function chapterAnchors(chapter: CompiledChapter): {own: Set<string>; linked: Set<string>} {
  const own = new Set<string>();
  const linked = new Set<string>();
  visit(chapter.tree, 'element', (node) => {
    if (typeof node.properties.id === 'string') own.add(node.properties.id);
    if (isInternalLink(node)) linked.add(node.data.folioTarget.id);
  });
  return {own, linked};
}

/**
 * The whole report as one document, with the blank pages of `layout` as page breaks: what the
 * joined parts print as. The benchmark prints it as its reference, and a test checks that the
 * parts give the same pages.
 */
export function renderWholeReport(
  report: CompiledReport,
  bodies: readonly string[],
  templates: nunjucks.Environment,
  layout: PrintLayout
): string {
  const blank = (name: string) => `<div class="blank-page ${name}" aria-hidden="true"></div>`;
  const chapters = report.chapters.map(
    (chapter, index) => bodies[index] + (layout.blankAfter.has(chapter.id) ? blank('') : '')
  );
  const body = [
    renderFrontMatter(report, templates, layout.pages),
    layout.blankAfterFront ? blank('front-blank') : '',
    chapterPart(chapters.join('\n'))
  ].join('\n');
  return renderPrintShell(report, templates, body);
}

function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}
