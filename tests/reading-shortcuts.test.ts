// Two shortcuts in reading Markdown skip work a file does not need: GFM's autolink literals in a
// text that cannot hold one (src/markdown/parse.ts), and the parse of raw HTML in a tree that
// holds none (src/markdown/to-hast.ts). Each must give what the long way gives, to the position.
import {mkdtemp, readdir, readFile, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import type {Root} from 'mdast';
import {visit} from 'unist-util-visit';
import {VFile} from 'vfile';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {parseMarkdown} from '../src/markdown/parse.js';
import {markdownToHast} from '../src/markdown/to-hast.js';
import {generateReport} from '../scripts/generate-report.js';

const projectRoot = path.resolve(import.meta.dirname, '..');

/** Texts that use every construct GFM adds, and words that start as literals do, with no `@`, `www.` or `http(s)://`. */
const constructs = [
  'What happens when hyphen-ated words, w.x and h.t, wwwx, www, http: and https:/ appear?',
  '| Left | Centre | Right | None |\n| :--- | :----: | ----: | --- |\n| a_b | c+d | e.f-g | `x` |\n',
  '- [ ] an open task\n- [x] a done task, ~~struck~~ and ~single~\n  - nested, *loose*\n\n  more\n',
  'A note.[^n1] Another.[^long-note] Again.[^n1]\n\n[^n1]: The first note, with *emphasis*.\n\n[^long-note]: The second.\n',
  '---\ntitle: Front matter\n---\n\n# A heading with **strong** `code`\n\n```js title="x"\n\nlet a = 1;\n```\n\n    indented code\n',
  '> A quote: "quoted" -- dashed --- and \'single\' ... ellipsis\\\nhard break  \nand two spaces\n\n3. three\n4. four\n\n***\n',
  'Ақмола облысы, Қазақстан: Алматы — «кавычки»; النص العربي هنا; &amp; &copy; &#169; \\* escaped\n',
  '[a link](ftp://example.org "Title") and <ftp://autolink.example.org> and [ref][r] and ![an image](i.png "T")\n\n[r]: /a/b "T"\n',
  '```chart\nmark: bar\ndata: {values: [{a: 1}]}\n```\n',
  'Setext\n===\n\n[![an image in a link](i.png)](#setext) <b> and 1 < 2 > 0 in text, `a <b> c`\n\n```\n\n```\n\n~~~ `x`\nquoted\n~~~\n',
  '| a | b |\n| - | - |\n|   | \\| piped **b** |\n\n[^x]: A note with a list:\n\n    - one\n    - two\n\n    ```\n    code in a note\n    ```\n\nCited.[^x]\n',
  'NUL \u0000, form feed \u000c, no-break\u00a0space, zero\u200bwidth, a lone CR\rin a line, and a tab\there.\n'
];
// The same texts as a Windows editor saves them.
constructs.push(...constructs.map((text) => text.replace(/\n/g, '\r\n')));

/** Every Markdown text of the shipped content, the fixtures, a generated report with charts, and `constructs`. */
async function corpus(dir: string): Promise<string[]> {
  const generated = await generateReport(dir, {countries: 3, charts: 2});
  const folders = [path.join(projectRoot, 'content'), path.join(projectRoot, 'tests/fixtures'), generated.contentDir];
  const files: string[] = [];
  for (const folder of folders)
    for (const entry of await readdir(folder, {recursive: true, withFileTypes: true}))
      if (entry.isFile() && entry.name.endsWith('.md')) files.push(path.join(entry.parentPath, entry.name));
  return [...(await Promise.all(files.map((file) => readFile(file, 'utf8')))), ...constructs];
}

function fileOf(text: string): VFile {
  return new VFile({path: 'probe.md', value: text});
}

function messagesOf(file: VFile): string[] {
  return file.messages.map((message) => `${message.line}:${message.column} ${message.reason}`);
}

function holdsRawHtml(tree: Root): boolean {
  let found = false;
  visit(tree, 'html', () => void (found = true));
  return found;
}

describe('reading shortcuts', () => {
  let dir: string;
  let texts: string[];
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'folio-shortcuts-'));
    texts = await corpus(dir);
  });
  afterAll(() => rm(dir, {recursive: true, force: true}));

  it('a text that holds no autolink literal reads the same without looking for them, positions and all', () => {
    const plain = texts.filter((text) => !/@|www\.|https?:\/\//i.test(text));
    // Most files hold no literal: this is what the shortcut is for, and what is compared here.
    expect(plain.length).toBeGreaterThan(texts.length / 2);
    expect(plain).toEqual(expect.arrayContaining(constructs));
    for (const text of plain) {
      const [short, long] = [fileOf(text), fileOf(text)];
      expect(parseMarkdown(short, false), text.slice(0, 80)).toEqual(parseMarkdown(long, true));
      expect(messagesOf(short)).toEqual(messagesOf(long));
    }
  });

  it('every kind of literal is still found, in any case, where one may be', () => {
    const literals: Array<[string, string[]]> = [
      ['See www.example.org.', ['http://www.example.org']],
      ['See WWW.EXAMPLE.ORG/A.', ['http://WWW.EXAMPLE.ORG/A']],
      ['Read https://example.org/a?b=c, then HTTP://X.EXAMPLE.', ['https://example.org/a?b=c', 'HTTP://X.EXAMPLE']],
      ['Write to press@example.org.', ['mailto:press@example.org']],
      ['Or mailto:a.b@example.org.', ['mailto:a.b@example.org']]
    ];
    for (const [text, urls] of literals) {
      const tree = parseMarkdown(fileOf(text));
      const found: string[] = [];
      visit(tree, 'link', (node) => void found.push(node.url));
      expect(found, text).toEqual(urls);
      expect(tree, text).toEqual(parseMarkdown(fileOf(text), true));
    }
  });

  it('a tree that holds no raw HTML becomes the same HTML tree without parsing it as HTML, positions and all', () => {
    let compared = 0;
    for (const text of texts) {
      const tree = parseMarkdown(fileOf(text));
      if (holdsRawHtml(tree)) continue;
      compared++;
      const [short, long] = [fileOf(text), fileOf(text)];
      expect(markdownToHast(tree, short, false), text.slice(0, 80)).toEqual(markdownToHast(tree, long, true));
      expect(messagesOf(short)).toEqual(messagesOf(long));
    }
    expect(compared).toBeGreaterThan(texts.length / 2);
  });

  it('raw HTML is still parsed (and cleaned) where there is some', () => {
    const tree = parseMarkdown(fileOf('<p align="center">Centred <em>words</em><script>alert(1)</script></p>\n'));
    expect(holdsRawHtml(tree)).toBe(true);
    const html = markdownToHast(tree, fileOf(''));
    const elements: string[] = [];
    visit(html, (node) => void elements.push(node.type === 'element' ? node.tagName : node.type));
    expect(elements).toEqual(['root', 'p', 'text', 'em', 'text']);
  });
});
