import type {Element, ElementContent} from 'hast';
import {toHtml} from 'hast-util-to-html';
import {toXast} from 'hast-util-to-xast';
import {toXml} from 'xast-util-to-xml';
import {visit} from 'unist-util-visit';
import {isInternalLink, type LinkTarget} from '../markdown/resolve-links.js';
import {hyphenateTree} from './hyphenate.js';
import type {CompiledChapter} from './model.js';

/** How an edition writes links inside the report: an `href`, or `undefined` to make the link plain text. */
export type LinkWriter = (target: LinkTarget) => string | undefined;

/** Options of `chapterHtml`. */
export interface ChapterHtmlOptions {
  linkTo: LinkWriter;
  /** Words appended to a link made plain text, such as a note that the chapter is elsewhere. */
  unlinkedNote?: (target: LinkTarget) => string;
  /** Rewrite image sources, for editions that package images under other names. */
  imageSource?: (contentPath: string) => string;
  /** Insert soft hyphens for this language (print editions). */
  hyphenate?: string;
  /** Show every `details` element open, as paper must. */
  openDetails?: boolean;
  /**
   * Keep passages in another language in a tagged PDF: Chromium leaves a plain `span` out of the
   * structure tree, and its `lang` with it, but keeps one with an explicit `role="generic"` (the
   * role a `span` has anyway) and writes its `/Lang`.
   */
  keepLanguageSpans?: boolean;
  /** Serialize as XHTML (EPUB), through an XML serializer. */
  xml?: boolean;
}

/** Serialize a chapter for one edition, writing its internal links and image sources the edition's way. */
export function chapterHtml(chapter: CompiledChapter, options: ChapterHtmlOptions): string {
  const tree = structuredClone(chapter.tree);
  visit(tree, 'element', (node, index, parent) => {
    if (options.imageSource && node.data?.folioAsset) node.properties.src = options.imageSource(node.data.folioAsset);
    if (options.openDetails && node.tagName === 'details') node.properties.open = true;
    if (options.keepLanguageSpans && /^(span|bdi)$/.test(node.tagName) && node.properties.lang && !node.properties.role)
      node.properties.role = 'generic';
    if (!isInternalLink(node) || index === undefined || !parent) return;
    const href = options.linkTo(node.data.folioTarget);
    if (href !== undefined) {
      node.properties.href = href;
      return;
    }
    const note = options.unlinkedNote?.(node.data.folioTarget);
    const replacement: ElementContent[] = [...node.children];
    if (note) replacement.push({type: 'text', value: note});
    const span: Element = {
      type: 'element',
      tagName: 'span',
      properties: {className: ['unlinked']},
      children: replacement
    };
    parent.children[index] = span;
  });
  if (options.hyphenate) hyphenateTree(tree, options.hyphenate);
  return options.xml ? toXhtml(tree) : toHtml(tree);
}

/**
 * XHTML through an XML serializer (hast → xast → XML), so that no tree can give malformed XML:
 * every attribute has a value, every element is closed, and `]]>`, which XML forbids in text,
 * is written `]]&gt;` (harmless in attribute values, where it is the same text).
 */
function toXhtml(tree: Element): string {
  return toXml(toXast(tree), {closeEmptyElements: true}).replaceAll(']]>', ']]&gt;');
}
