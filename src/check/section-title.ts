import type {Root} from 'mdast';
import {toString} from 'mdast-util-to-string';
import {visit} from 'unist-util-visit';
import type {VFile} from 'vfile';
import {reportWarning} from '../diagnostics/messages.js';
import {ruleIds} from '../diagnostics/rule-ids.js';

/**
 * Warn about headings with no text (an image's alt text counts): they open a section that the
 * contents, the EPUB's navigation and screen readers cannot name, so it is left out of the contents.
 */
export function checkHeadingText(tree: Root, file: VFile): void {
  visit(tree, 'heading', (node) => {
    if (toString(node, {includeImageAlt: true}).trim() !== '') return;
    reportWarning(
      file,
      `Heading has no text, so its section has no title and is left out of the contents; write one after the \`${'#'.repeat(node.depth)}\`, or give its image alt text`,
      node.position,
      ruleIds.sectionTitle
    );
  });
}
