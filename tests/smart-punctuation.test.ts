import {readdir, readFile} from 'node:fs/promises';
import path from 'node:path';
import remarkFrontmatter from 'remark-frontmatter';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import remarkSmartypants from 'remark-smartypants';
import {unified} from 'unified';
import {VFile} from 'vfile';
import {describe, expect, it} from 'vitest';
import smartPunctuation from '../src/markdown/smart-punctuation.js';

const base = () => unified().use(remarkParse).use(remarkFrontmatter, ['yaml']).use(remarkGfm);
const ours = base().use(smartPunctuation, {dashes: 'oldschool'});
const theirs = base().use(remarkSmartypants, {dashes: 'oldschool'});

function tree(processor: typeof ours | typeof theirs, markdown: string) {
  const file = new VFile(markdown);
  return processor.runSync(processor.parse(file), file);
}

async function markdownFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, {withFileTypes: true, recursive: true});
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith('.md'))
    .map((entry) => path.join(entry.parentPath, entry.name));
}

const tricky = [
  `"Quoted," she said -- and then --- after a pause... or . . . nothing. It's the people's "right".`,
  `A "quote around [a link](https://example.org/)" and "*emphasis*" and 'single *ones*'.`,
  '``Backticks\'\' and `code with "quotes" -- and ...` stay as they are.',
  '# A "heading" -- with dashes\n\n| "cell" | it\'s |\n| --- | --- |\n| 1990--1995 | ... |',
  `"Open at a paragraph's start\n\n"and at the next one's"`,
  `No quote, no dash, nothing at all to change here.`
];

describe('smart punctuation', () => {
  it('gives the same tree as remark-smartypants on tricky text', () => {
    for (const markdown of tricky) expect(tree(ours, markdown), markdown).toEqual(tree(theirs, markdown));
    expect(JSON.stringify(tree(ours, tricky[0]!))).toContain(
      '“Quoted,” she said – and then — after a pause… or … nothing. It’s the people’s “right”.'
    );
  });

  it('gives the same tree as remark-smartypants on every Markdown file of the sample report and the fixtures', async () => {
    const root = path.resolve(import.meta.dirname, '..');
    const files = [
      ...(await markdownFiles(path.join(root, 'content'))),
      ...(await markdownFiles(path.join(root, 'tests/fixtures')))
    ];
    expect(files.length).toBeGreaterThan(20);
    for (const file of files) {
      const markdown = await readFile(file, 'utf8');
      expect(tree(ours, markdown), path.relative(root, file)).toEqual(tree(theirs, markdown));
    }
  });
});
