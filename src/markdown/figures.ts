import type {Element, Root} from 'hast';
import {h} from 'hastscript';
import {visit} from 'unist-util-visit';

/**
 * An image alone in its paragraph becomes a `<figure>`; its Markdown title becomes the
 * `<figcaption>`, so that captions are part of the document and reach screen readers.
 */
export function imagesToFigures(tree: Root): void {
  visit(tree, 'element', (node, index, parent) => {
    if (node.tagName !== 'p' || index === undefined || !parent) return;
    const content = node.children.filter((child) => !(child.type === 'text' && child.value.trim() === ''));
    const image = content[0];
    if (content.length !== 1 || image?.type !== 'element' || image.tagName !== 'img') return;
    const title = typeof image.properties.title === 'string' ? image.properties.title : undefined;
    delete image.properties.title;
    const figure: Element = h('figure', title ? [image, h('figcaption', title)] : [image]);
    figure.position = node.position;
    parent.children[index] = figure;
  });
}
