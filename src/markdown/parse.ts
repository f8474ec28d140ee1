import type {Root} from 'mdast';
import {gfmAutolinkLiteralFromMarkdown} from 'mdast-util-gfm-autolink-literal';
import {gfmFootnoteFromMarkdown} from 'mdast-util-gfm-footnote';
import {gfmStrikethroughFromMarkdown} from 'mdast-util-gfm-strikethrough';
import {gfmTableFromMarkdown} from 'mdast-util-gfm-table';
import {gfmTaskListItemFromMarkdown} from 'mdast-util-gfm-task-list-item';
import {gfmFootnote} from 'micromark-extension-gfm-footnote';
import {gfmStrikethrough} from 'micromark-extension-gfm-strikethrough';
import {gfmTable} from 'micromark-extension-gfm-table';
import {gfmTaskListItem} from 'micromark-extension-gfm-task-list-item';
import remarkFrontmatter from 'remark-frontmatter';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import {unified, type Processor} from 'unified';
import smartPunctuation from './smart-punctuation.js';
import type {VFile} from 'vfile';

/**
 * The Markdown reader shared by every edition: CommonMark, GFM (tables, footnotes,
 * strikethrough, autolink literals), YAML front matter (kept as a node, read later as data
 * only), and typographic quotes and dashes.
 */
const reader = readerWith(remarkGfm);

/**
 * The same reader without micromark's tokenizer of GFM's autolink literals (`www.…`, `https://…`
 * and e-mail addresses made links), for a text in which it cannot find one. It tries an e-mail
 * address at every word: the benchmark's 361 files read in 0.95–1.28 s with it and 0.59–0.77 s
 * without. The tree's own pass over the decoded text (mdast-util-gfm-autolink-literal's
 * transform) stays, so a literal written with references or escapes (`www&#46;example.org`,
 * `press&#64;example.org`) is a link either way. The text is read the same, positions and all
 * (tests/reading-shortcuts.test.ts).
 */
const readerWithoutLiterals = readerWith(remarkGfmWithoutLiterals);

/** What the tokenizer needs to find in the source: an `@` (e-mail, `mailto:`, `xmpp:`), `www.`, or `http://` or `https://`. */
const tokenizerMayFind = /@|www\.|https?:\/\//i;

/** Whether a text is read with micromark's tokenizer of autolink literals: when it may find one. */
export function readsLiterals(text: string): boolean {
  return tokenizerMayFind.test(text);
}

/**
 * Parse one Markdown file into an mdast tree. `literals`: whether to tokenize autolink literals,
 * by default only in a text where they may be found.
 */
export function parseMarkdown(file: VFile, literals = readsLiterals(String(file.value))): Root {
  const chosen = literals ? reader : readerWithoutLiterals;
  const tree = chosen.parse(file);
  return chosen.runSync(tree, file) as Root;
}

/** The reader with `gfm` for its GFM: both readers are made here, so that they differ in nothing else. */
function readerWith(gfm: (this: Processor) => void) {
  return unified()
    .use(remarkParse)
    .use(remarkFrontmatter, ['yaml'])
    .use(gfm)
    .use(smartPunctuation, {dashes: 'oldschool'});
}

/** remark-gfm's syntax and trees, in its order, but for the autolink literals' syntax. */
function remarkGfmWithoutLiterals(this: Processor) {
  const data = this.data();
  (data.micromarkExtensions ??= []).push(gfmFootnote(), gfmStrikethrough(), gfmTable(), gfmTaskListItem());
  (data.fromMarkdownExtensions ??= []).push([
    gfmAutolinkLiteralFromMarkdown(),
    gfmFootnoteFromMarkdown(),
    gfmStrikethroughFromMarkdown(),
    gfmTableFromMarkdown(),
    gfmTaskListItemFromMarkdown()
  ]);
}
