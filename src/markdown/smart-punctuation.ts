import type {Nodes, Parent, Root, Text} from 'mdast';
import {retext} from 'retext';
import smartypants, {type Options} from 'retext-smartypants';
import {visit} from 'unist-util-visit';

/** Nodes whose text is joined, and blocks whose start is marked with a space (an opening quote goes there). */
const literalTypes = new Set(['text', 'inlineCode']);
const blockTypes = new Set(['paragraph', 'heading', 'tableCell']);

/** What each pass of retext-smartypants would change: nothing to do without one of these. */
const straightQuote = /["']/;
const dashOrEllipsis = /--|\.\s?\.|``|''/;

/**
 * Curly quotes, dashes and ellipses, as `remark-smartypants` makes them and with the same two
 * passes of `retext-smartypants`: quotes over the whole file's text at once (so that a quote
 * before a link or emphasis pairs with the one after it), then dashes, ellipses and backtick
 * quotes in each text node (they change its length). `remark-smartypants` parses every text node
 * into a retext tree for the second pass, which made it half of Folio's Markdown parsing time;
 * this plugin runs a pass only on text that has something for it to change, and otherwise gives
 * the same tree (tests/smart-punctuation.test.ts compares the two).
 */
export default function smartPunctuation(options: Options = {}) {
  const quotes = retext().use(smartypants, {...options, ellipses: false, dashes: false, backticks: false});
  const punctuation = retext().use(smartypants, {...options, quotes: false});
  return (tree: Root) => {
    const nodes: Nodes[] = [];
    let text = '';
    visit(tree, (node, _index, parent: Parent | undefined) => {
      if (!parent || !(literalTypes.has(node.type) || blockTypes.has(node.type))) return;
      // Code keeps its characters; it stands in the joined text as letters, so no quote pairs across it.
      text += 'value' in node ? (node.type === 'text' ? node.value : 'A'.repeat(node.value.length)) : ' ';
      nodes.push(node as Nodes);
    });
    if (straightQuote.test(text)) text = quotes.processSync(text).toString();
    let start = 0;
    for (const node of nodes) {
      if (!('value' in node)) {
        start += 1; // The space that marked the block's start.
        continue;
      }
      const end = start + node.value.length;
      if (node.type === 'text') {
        const value = text.slice(start, end);
        (node as Text).value = dashOrEllipsis.test(value) ? punctuation.processSync(value).toString() : value;
      }
      start = end;
    }
  };
}
