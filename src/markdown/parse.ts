import type {Root} from 'mdast';
import {gfmAutolinkLiteralFromMarkdown} from 'mdast-util-gfm-autolink-literal';
import {gfmFootnoteFromMarkdown} from 'mdast-util-gfm-footnote';
import {gfmStrikethroughFromMarkdown} from 'mdast-util-gfm-strikethrough';
import {gfmTableFromMarkdown} from 'mdast-util-gfm-table';
import {gfmTaskListItemFromMarkdown} from 'mdast-util-gfm-task-list-item';
import {gfmAutolinkLiteral} from 'micromark-extension-gfm-autolink-literal';
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
 * Which of GFM's tokenizers that try at every word or line a text is read with. Without one, a
 * text that cannot hold what it finds reads the same, positions and all
 * (tests/reading-shortcuts.test.ts), and faster:
 * - `literals`: autolink literals (`www.…`, `https://…` and e-mail addresses made links). It tries
 *   an e-mail address at every word: the benchmark's 361 files read in 0.95–1.28 s with it and
 *   0.59–0.77 s without. The tree's own pass over the decoded text (mdast-util-gfm-autolink-literal's
 *   transform) stays, so a literal written with references or escapes (`www&#46;example.org`,
 *   `press&#64;example.org`) is a link either way.
 * - `tables`: it tries a table at every line of a paragraph. The same 361 files, 321 of them read
 *   without it, took a median 473 ms against 574 ms read with it (one thread, six rounds each).
 */
export interface Syntax {
  literals: boolean;
  tables: boolean;
}

/** What the literals' tokenizer needs to find in the source: an `@` (e-mail, `mailto:`, `xmpp:`), `www.`, or `http://` or `https://`. */
const literalMayStart = /@|www\.|https?:\/\//i;

/**
 * What a table needs in the source: a `|`, or a colon beside a dash, which the delimiter row of a
 * table of one column may have instead (`:---`, `---:`); a row of dashes with neither is a
 * thematic break or a heading's underline (micromark-extension-gfm-table's `headDelimiterCellAfter`).
 */
const tableMayStart = /\||:-|-:/;

/** Whether a text is read with micromark's tokenizer of autolink literals: when it may find one. */
export function readsLiterals(text: string): boolean {
  return literalMayStart.test(text);
}

/** Whether a text is read with micromark's tokenizer of tables: when it may find one. */
export function readsTables(text: string): boolean {
  return tableMayStart.test(text);
}

/** The tokenizers a text needs (see `Syntax`). */
export function syntaxOf(text: string): Syntax {
  return {literals: readsLiterals(text), tables: readsTables(text)};
}

/** The readers with fewer tokenizers, made when first needed, by `literals` and `tables`. */
const shortReaders = new Map<string, ReturnType<typeof readerWith>>();

/** Parse one Markdown file into an mdast tree, with the tokenizers `syntax` names: by default, those its text needs. */
export function parseMarkdown(file: VFile, syntax: Syntax = syntaxOf(String(file.value))): Root {
  const key = `${syntax.literals}/${syntax.tables}`;
  let chosen = syntax.literals && syntax.tables ? reader : shortReaders.get(key);
  if (!chosen) shortReaders.set(key, (chosen = readerWith(gfmSyntax(syntax))));
  const tree = chosen.parse(file);
  return chosen.runSync(tree, file) as Root;
}

/** The reader with `gfm` for its GFM: every reader is made here, so that they differ in nothing else. */
function readerWith(gfm: (this: Processor) => void) {
  return unified()
    .use(remarkParse)
    .use(remarkFrontmatter, ['yaml'])
    .use(gfm)
    .use(smartPunctuation, {dashes: 'oldschool'});
}

/** remark-gfm's syntax and trees, in its order, with only the tokenizers `syntax` names of the two it may leave out. */
function gfmSyntax(syntax: Syntax) {
  return function (this: Processor) {
    const data = this.data();
    (data.micromarkExtensions ??= []).push(
      ...(syntax.literals ? [gfmAutolinkLiteral()] : []),
      gfmFootnote(),
      gfmStrikethrough(),
      ...(syntax.tables ? [gfmTable()] : []),
      gfmTaskListItem()
    );
    (data.fromMarkdownExtensions ??= []).push([
      gfmAutolinkLiteralFromMarkdown(),
      gfmFootnoteFromMarkdown(),
      gfmStrikethroughFromMarkdown(),
      gfmTableFromMarkdown(),
      gfmTaskListItemFromMarkdown()
    ]);
  };
}
