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
  /**
   * Draw each chart's SVG in the page (print editions), where it is set in the page's fonts (an
   * SVG drawn through `<img>` cannot load them), and leave out its data table, which paper
   * does not need beside the chart and the text alternative.
   */
  inlineCharts?: boolean;
  /** Serialize as XHTML (EPUB), through an XML serializer. */
  xml?: boolean;
}

/** Serialize a chapter for one edition, writing its internal links and image sources the edition's way. */
export function chapterHtml(chapter: CompiledChapter, options: ChapterHtmlOptions): string {
  const tree = structuredClone(chapter.tree);
  visit(tree, 'element', (node, index, parent) => {
    if (options.inlineCharts && index !== undefined && parent) {
      if (node.data?.folioChart) {
        parent.children[index] = inlineChart(node);
        return;
      }
      if (node.tagName === 'details' && classNames(node).includes('chart-data')) {
        parent.children.splice(index, 1);
        return index;
      }
    }
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
  // The only raw nodes are the charts' SVG, which Folio rendered itself: contributors' HTML was parsed and sanitized.
  return options.xml ? toXhtml(tree) : toHtml(tree, {allowDangerousHtml: true});
}

/**
 * A chart drawn in the page: its SVG, with the image's role and text alternative on the `svg`
 * itself, which Chromium tags as a `Figure` with that `/Alt` (on a wrapping element with
 * `role="img"` it writes none).
 */
function inlineChart(image: Element): ElementContent {
  const label = String(image.properties.alt ?? '').replace(/[&<"]/g, (character) => `&#${character.charCodeAt(0)};`);
  const svg = image.data!.folioChart!.svg.replace(/^<svg\b/, `<svg role="img" aria-label="${label}"`);
  return {type: 'raw', value: svg};
}

function classNames(node: Element): string[] {
  return Array.isArray(node.properties.className) ? node.properties.className.map(String) : [];
}

/**
 * XHTML through an XML serializer (hast → xast → XML), so that no tree can give malformed XML:
 * every attribute has a value, every element is closed, and `]]>`, which XML forbids in text,
 * is written `]]&gt;` (harmless in attribute values, where it is the same text).
 */
function toXhtml(tree: Element): string {
  return toXml(toXast(tree), {closeEmptyElements: true}).replaceAll(']]>', ']]&gt;');
}
