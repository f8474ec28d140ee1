import type {Root} from 'mdast';
import {visit} from 'unist-util-visit';
import type {VFile} from 'vfile';
import {placeAt, reportWarning} from '../diagnostics/messages.js';
import {ruleIds} from '../diagnostics/rule-ids.js';

/** A footnote reference as written: `[^label]`, not escaped. */
const referenceText = /(?<!\\)\[\^([^\]\s]+)\]/g;

/**
 * Warn about footnote references without a definition and definitions never referenced.
 * GFM turns a reference without a definition into plain text, so those are found in the
 * source of the text nodes; an unused definition is silently dropped from the output.
 */
export function checkFootnotes(tree: Root, file: VFile): void {
  const source = String(file.value);
  const referenced = new Set<string>();
  visit(tree, (node) => {
    if (node.type === 'footnoteReference') referenced.add(node.identifier);
    if (node.type !== 'text' || node.position?.start.offset === undefined || node.position.end.offset === undefined)
      return;
    const start = node.position.start.offset;
    for (const match of source.slice(start, node.position.end.offset).matchAll(referenceText)) {
      const place = placeAt(file, start + match.index);
      reportWarning(
        file,
        `Footnote \`[^${match[1]}]\` has no definition, so it is printed as text; add \`[^${match[1]}]: …\` to this file`,
        place,
        ruleIds.footnoteUndefined
      );
    }
  });
  visit(tree, 'footnoteDefinition', (node) => {
    // Identifiers are normalised by the parser (case-folded), so `[^A]` cites `[^a]:`.
    if (referenced.has(node.identifier)) return;
    reportWarning(
      file,
      `Footnote \`[^${node.label ?? node.identifier}]\` is never referenced, so it is left out; cite it with \`[^${node.label ?? node.identifier}]\` or remove it`,
      node.position,
      ruleIds.footnoteUnused
    );
  });
}
