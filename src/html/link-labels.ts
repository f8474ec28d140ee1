import {parseFragment, type DefaultTreeAdapterMap} from 'parse5';

type Node = DefaultTreeAdapterMap['node'];
type ElementNode = DefaultTreeAdapterMap['element'];

/** The words of each link of a document, by `href`, in document order: what a PDF's link annotations are described with. */
export type LinkLabels = ReadonlyMap<string, readonly string[]>;

/**
 * The accessible name of every link in `html` (its `aria-label`, or else its text without what is
 * hidden from assistive technology), grouped by `href` in document order. Soft hyphens that
 * print hyphenation put in are left out, and white space is collapsed. The HTML is Folio's own,
 * parsed with parse5 (the parser rehype uses).
 */
export function linkLabels(html: string): LinkLabels {
  const labels = new Map<string, string[]>();
  const visit = (node: Node) => {
    if (!('childNodes' in node)) return;
    if ('tagName' in node && node.tagName === 'a') {
      const href = attribute(node, 'href');
      // Every link keeps its place in the list, even one with no words, so the next takes its own.
      const label = clean(attribute(node, 'aria-label') ?? visibleText(node));
      if (href !== undefined) labels.set(linkKey(href), [...(labels.get(linkKey(href)) ?? []), label]);
    }
    for (const child of node.childNodes) visit(child);
  };
  visit(parseFragment(html));
  return labels;
}

/**
 * How a link's target is looked up: an absolute URL as the URL parser writes it (Chromium writes
 * `https://example.org/` for `https://example.org`), anything else as it is.
 */
export function linkKey(href: string): string {
  if (!/^[a-z][a-z0-9+.-]*:/i.test(href)) return href;
  try {
    return new URL(href).href;
  } catch {
    return href;
  }
}

/** The text of a node, with images' text alternatives, leaving out elements hidden from assistive technology. */
function visibleText(node: Node): string {
  if (node.nodeName === '#text' && 'value' in node) return node.value;
  if (!('childNodes' in node)) return '';
  if ('tagName' in node && (attribute(node, 'aria-hidden') === 'true' || attribute(node, 'hidden') !== undefined))
    return '';
  if ('tagName' in node && node.tagName === 'img') return attribute(node, 'alt') ?? '';
  return node.childNodes.map(visibleText).join('');
}

function attribute(node: ElementNode, name: string): string | undefined {
  return node.attrs.find((attr) => attr.name === name)?.value;
}

function clean(text: string): string {
  return text
    .replace(/\u00ad/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}
