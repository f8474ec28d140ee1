import type {Root} from 'mdast';
import {toString} from 'mdast-util-to-string';
import {visit} from 'unist-util-visit';
import type {VFile} from 'vfile';
import {reportWarning} from '../diagnostics/messages.js';
import {ruleIds} from './rule-ids.js';

/** Warn about headings with no text: they open a section the contents and screen readers cannot name. */
export function checkHeadingText(tree: Root, file: VFile): void {
  visit(tree, 'heading', (node) => {
    if (toString(node).trim() !== '' || node.children.some((child) => child.type === 'image')) return;
    reportWarning(file, `Heading has no text, so its section has no title; write one after the \`${'#'.repeat(node.depth)}\``, node.position, ruleIds.sectionTitle);
  });
}
