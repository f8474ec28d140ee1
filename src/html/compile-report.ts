import {setImmediate as nextTurn} from 'node:timers/promises';
import type {Messages} from '../messages/catalogue.js';
import type {Element, Root} from 'hast';
import {headingRank} from 'hast-util-heading-rank';
import {visit} from 'unist-util-visit';
import type {VFile} from 'vfile';
import type {Report} from '../content/model.js';
import {asciiId, assignHeadingIds, headingSlugs, type IdRegistry} from '../markdown/heading-ids.js';
import {imagesToFigures} from '../markdown/figures.js';
import {isolateLeftToRightRuns, markCyrillicLanguages} from '../markdown/mark-languages.js';
import {resolveImages} from '../markdown/resolve-images.js';
import {resolveLinks, type FileIds} from '../markdown/resolve-links.js';
import {scopeIds} from '../markdown/scope-ids.js';
import {markdownToHast} from '../markdown/to-hast.js';
import type {ChartRenderings} from '../charts/chart-keys.js';
import {assembleChapter} from './assemble-chapter.js';
import {chartFigures} from './chart-figures.js';
import {conformHtml} from './conform-html.js';
import {textDirection} from './direction.js';
import {localQuotationMarks} from './quotation-marks.js';
import {headingText} from './heading-text.js';
import type {CompiledChapter, CompiledReport} from './model.js';

/** One file's HTML tree, before its links and images are resolved against the whole report's ids. */
interface ConvertedFile {
  tree: Root;
  file: VFile;
  contentPath: string;
  /** The language the file is written in: the edition's, or the source's where it stands in for a translation. */
  language: string;
}

/**
 * Turn the loaded report into the HTML trees every edition shares: sanitized HTML per file,
 * charts in place of their blocks (`charts`, rendered before), ids unique across the report,
 * links and images resolved (problems reported on the files), and one tree per chapter with its endnotes.
 * It gives Node's event loop a turn after every file: the compile is the longest synchronous run of
 * a build, and a Chromium starting beside it (for an EPUB's cover) needs those turns to start.
 */
export async function compileReport(
  report: Report,
  messages: Messages,
  charts: ChartRenderings = new Map()
): Promise<CompiledReport> {
  const registry: IdRegistry = new Set();
  const ids = new Map<string, FileIds>();
  const prefixes = report.chapters.map((chapter, index) => asciiId(chapter.slug, `chapter-${index + 1}`));
  const converted: ConvertedFile[][] = [];
  for (const [index, chapter] of report.chapters.entries()) {
    converted.push([]);
    for (const [position, source] of chapter.files.entries()) {
      await nextTurn();
      const tree = markdownToHast(source.tree, source.file);
      chartFigures(tree, source.contentPath, charts, messages);
      conformHtml(tree, messages);
      const sourceSlugs = source.translationOf && headingSlugs(source.translationOf.tree);
      const headings = assignHeadingIds(tree, source.file, prefixes[index]!, registry, sourceSlugs);
      const elements = scopeIds(tree, `${prefixes[index]}-${position}`, new Set(headings.values()), registry);
      const fileIds = {chapterSlug: chapter.slug, openingId: headings.values().next().value, headings, elements};
      ids.set(source.contentPath, fileIds);
      // Links name the source file (`01-freedom-of-assembly.md#…`) in every language.
      if (source.translationOf) ids.set(source.translationOf.contentPath, fileIds);
      if (source.fallbackLanguage) markFallback(tree, source.fallbackLanguage, report.meta.language, messages);
      converted[index]!.push({
        tree,
        file: source.file,
        contentPath: source.contentPath,
        language: source.fallbackLanguage ?? report.meta.language
      });
    }
  }
  const chapters: CompiledChapter[] = [];
  for (const [index, chapter] of report.chapters.entries()) {
    await nextTurn();
    const files = converted[index]!;
    for (const {tree, file, contentPath, language} of files) {
      resolveLinks(tree, file, contentPath, ids, report.omittedFiles);
      resolveImages(tree, file, contentPath, report.contentDir);
      imagesToFigures(tree);
      markCyrillicLanguages(tree, language);
      isolateLeftToRightRuns(tree, textDirection(language));
      localQuotationMarks(tree, language);
    }
    chapters.push(
      assembleChapter(
        {...chapter, idPrefix: prefixes[index]!},
        files.map((entry): Root => entry.tree),
        registry,
        messages
      )
    );
  }
  return {contentDir: report.contentDir, meta: report.meta, chapters, messages};
}

/**
 * Mark a file of source text that stands in for a missing translation: every block carries the
 * source's language (so a screen reader reads it in the right voice and hyphenation follows it),
 * and a short notice in the edition's language follows its heading.
 */
function markFallback(tree: Root, sourceLanguage: string, editionLanguage: string, messages: Messages): void {
  const name = new Intl.DisplayNames([editionLanguage], {type: 'language'}).of(sourceLanguage) ?? sourceLanguage;
  for (const node of tree.children)
    if (node.type === 'element' && node.properties.lang === undefined) node.properties.lang = sourceLanguage;
  // The file's footnotes are moved into the chapter's notes, out of the section marked above: each note says its language.
  for (const section of tree.children)
    if (section.type === 'element' && section.properties.dataFootnotes !== undefined)
      visit(section, 'element', (node) => {
        if (node.tagName === 'li') node.properties.lang ??= sourceLanguage;
      });
  const notice: Element = {
    type: 'element',
    tagName: 'p',
    properties: {className: ['fallback-notice'], lang: editionLanguage},
    children: [{type: 'text', value: messages.text('fallbackNotice', {language: name})}]
  };
  const heading = tree.children.findIndex((node) => node.type === 'element' && headingRank(node) !== undefined);
  tree.children.splice(heading + 1, 0, notice);
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
