import type {Messages} from '../messages/catalogue.js';
import type {Root} from 'hast';
import {headingRank} from 'hast-util-heading-rank';
import {visit} from 'unist-util-visit';
import type {Report} from '../content/model.js';
import {asciiId, assignHeadingIds, type IdRegistry} from '../markdown/heading-ids.js';
import {imagesToFigures} from '../markdown/figures.js';
import {markCyrillicLanguages} from '../markdown/mark-languages.js';
import {resolveImages} from '../markdown/resolve-images.js';
import {resolveLinks, type FileIds} from '../markdown/resolve-links.js';
import {scopeIds} from '../markdown/scope-ids.js';
import {markdownToHast} from '../markdown/to-hast.js';
import {assembleChapter} from './assemble-chapter.js';
import {conformHtml} from './conform-html.js';
import {headingText} from './heading-text.js';
import type {CompiledChapter, CompiledReport} from './model.js';

/**
 * Turn the loaded report into the HTML trees every edition shares: sanitized HTML per file,
 * ids unique across the report, links and images resolved (problems reported on the files),
 * and one tree per chapter with its endnotes.
 */
export function compileReport(report: Report, messages: Messages): CompiledReport {
  const registry: IdRegistry = new Set();
  const ids = new Map<string, FileIds>();
  const prefixes = report.chapters.map((chapter, index) => asciiId(chapter.slug, `chapter-${index + 1}`));
  const converted = report.chapters.map((chapter, index) =>
    chapter.files.map((source, position) => {
      const tree = markdownToHast(source.tree, source.file);
      conformHtml(tree, messages);
      const headings = assignHeadingIds(tree, source.file, prefixes[index]!, registry);
      const elements = scopeIds(tree, `${prefixes[index]}-${position}`, new Set(headings.values()), registry);
      ids.set(source.contentPath, {
        chapterSlug: chapter.slug,
        openingId: headings.values().next().value,
        headings,
        elements
      });
      return {tree, file: source.file, contentPath: source.contentPath};
    })
  );
  const chapters = report.chapters.map((chapter, index) => {
    const files = converted[index]!;
    for (const {tree, file, contentPath} of files) {
      resolveLinks(tree, file, contentPath, ids);
      resolveImages(tree, file, contentPath, report.contentDir);
      imagesToFigures(tree);
      markCyrillicLanguages(tree, report.meta.language);
    }
    return assembleChapter(
      {...chapter, idPrefix: prefixes[index]!},
      files.map((entry): Root => entry.tree),
      registry,
      messages
    );
  });
  return {contentDir: report.contentDir, meta: report.meta, chapters, messages};
}

/** The text of every heading of `chapters`, in order. */
export function headingTexts(chapters: readonly CompiledChapter[]): string[] {
  const texts: string[] = [];
  for (const chapter of chapters) {
    visit(chapter.tree, 'element', (node) => {
      if (headingRank(node)) texts.push(headingText(node));
    });
  }
  return texts;
}
