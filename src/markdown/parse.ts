import type {Root} from 'mdast';
import remarkFrontmatter from 'remark-frontmatter';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import {unified} from 'unified';
import smartPunctuation from './smart-punctuation.js';
import type {VFile} from 'vfile';

/**
 * The Markdown reader shared by every edition: CommonMark, GFM (tables, footnotes,
 * strikethrough, autolinks), YAML front matter (kept as a node, read later as data only),
 * and typographic quotes and dashes.
 */
const reader = unified()
  .use(remarkParse)
  .use(remarkFrontmatter, ['yaml'])
  .use(remarkGfm)
  .use(smartPunctuation, {dashes: 'oldschool'});

/** Parse one Markdown file into an mdast tree. */
export function parseMarkdown(file: VFile): Root {
  const tree = reader.parse(file);
  return reader.runSync(tree, file) as Root;
}
