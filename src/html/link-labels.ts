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
      const label = clean(attribute(node, 'aria-label') ?? visibleText(node));
      if (href !== undefined && label) labels.set(href, [...(labels.get(href) ?? []), label]);
    }
    for (const child of node.childNodes) visit(child);
  };
  visit(parseFragment(html));
  return labels;
}

/** The text of a node, leaving out elements hidden from assistive technology. */
function visibleText(node: Node): string {
  if (node.nodeName === '#text' && 'value' in node) return node.value;
  if (!('childNodes' in node)) return '';
  if ('tagName' in node && (attribute(node, 'aria-hidden') === 'true' || attribute(node, 'hidden') !== undefined))
    return '';
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
