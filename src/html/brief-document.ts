import type nunjucks from 'nunjucks';
import type {LinkTarget} from '../markdown/resolve-links.js';
import {chapterHtml} from './chapter-html.js';
import {textDirection} from './direction.js';
import type {CompiledChapter, CompiledReport} from './model.js';
import {pageCounters, words} from './templates.js';

/** The document title of a brief, as shown in a PDF viewer: the chapter, then the report it comes from. */
export function briefTitle(report: CompiledReport, chapter: CompiledChapter): string {
  return `${chapter.title}: ${report.meta.title}`;
}

/** The page every brief is printed in (`templates/brief/brief.njk`): styles and fonts, with an empty body. */
export function renderBriefShell(report: CompiledReport, templates: nunjucks.Environment): string {
  return templates.render('brief/brief.njk', {
    meta: report.meta,
    pageSize: report.meta.pageSize,
    body: '',
    t: words(report),
    dir: textDirection(report.meta.language)
  });
}

/**
 * One chapter on its own as the body of a printed brief (`templates/brief/brief-body.njk`).
 * Links inside the chapter stay links; links to other chapters, which the brief does not
 * carry, become plain text naming the chapter, so that no link in the PDF goes nowhere.
 */
export function renderBriefBody(
  report: CompiledReport,
  chapter: CompiledChapter,
  templates: nunjucks.Environment
): string {
  const titles = new Map(report.chapters.map((entry) => [entry.slug, entry.title]));
  let unlinked = 0;
  const html = chapterHtml(chapter, {
    linkTo: (target: LinkTarget) => (target.chapterSlug === chapter.slug ? `#${target.id}` : undefined),
    unlinkedNote: (target: LinkTarget) => {
      unlinked++;
      return report.messages.text('unlinkedChapter', {title: titles.get(target.chapterSlug) ?? target.chapterSlug});
    },
    hyphenate: report.meta.language,
    openDetails: true,
    keepLanguageSpans: true,
    inlineCharts: true
  });
  return templates.render('brief/brief-body.njk', {
    meta: report.meta,
    chapter: {slug: chapter.slug, title: chapter.title},
    html,
    unlinked,
    t: words(report),
    dir: textDirection(report.meta.language),
    counters: pageCounters(report)
  });
}
