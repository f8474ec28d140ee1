import type {Element} from 'hast';
import {toString} from 'hast-util-to-string';
import {visit} from 'unist-util-visit';

/**
 * What a heading says, for the contents, the EPUB's navigation and the PDF's bookmarks: its
 * text, with each image standing for its alt text (a heading may be only a flag, or only code).
 */
export function headingText(heading: Element): string {
  const copy = structuredClone(heading);
  visit(copy, 'element', (node, index, parent) => {
    if (node.tagName !== 'img' || index === undefined || !parent) return;
    parent.children[index] = {type: 'text', value: typeof node.properties.alt === 'string' ? node.properties.alt : ''};
  });
  return toString(copy).replace(/\s+/g, ' ').trim();
}
