import type {Root} from 'mdast';
import {toString} from 'mdast-util-to-string';
import {visit} from 'unist-util-visit';
import type {VFile} from 'vfile';
import {reportWarning} from '../diagnostics/messages.js';
import {ruleIds} from '../diagnostics/rule-ids.js';

/**
 * Warn about headings with no text (an image's alt text counts): they open a section that the
 * contents, the EPUB's navigation and screen readers cannot name, so it is printed as a paragraph.
 */
export function checkHeadingText(tree: Root, file: VFile): void {
  visit(tree, 'heading', (node) => {
    if (toString(node, {includeImageAlt: true}).trim() !== '') return;
    reportWarning(
      file,
      `Heading has no text, so it is printed as a paragraph and opens no section; write one after the \`${'#'.repeat(node.depth)}\`, or give its image alt text`,
      node.position,
      ruleIds.sectionTitle
    );
  });
}
