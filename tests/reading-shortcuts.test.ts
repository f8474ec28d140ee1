// Shortcuts in reading Markdown skip work a file does not need: GFM's autolink literals, or its
// tables, in a text that cannot hold one (src/markdown/parse.ts), and the parse of raw HTML in a
// tree that holds none (src/markdown/to-hast.ts). Each must give what the long way gives, to the position.
import {mkdtemp, readdir, readFile, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {visit} from 'unist-util-visit';
import {VFile} from 'vfile';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {parseMarkdown, readsLiterals, readsTables} from '../src/markdown/parse.js';
import {markdownToHast, parsedAsHtml} from '../src/markdown/to-hast.js';
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
  'Setext\n===\n\n[![an image in a link](i.png)](#setext) and 1 < 2 > 0 in text, `a <b> c`\n\n```\n\n```\n\n~~~ `x`\nquoted\n~~~\n\n```\n```\n\n~~~\n\n~~~\n',
  'Raw <b>HTML</b> beside [a link [with a link](/y) in it](/x)\n',
  '[A note cited in a link[^1]](/x), and # in a heading:\n\n# [A title[^1]](/x)\n\n[^1]: The note.\n',
  'Literals written with references or escapes: www&#46;example.org, press&#64;example.org, https&#58;//example.org, www\\.example.org, http:&#47;/example.org.\n',
  '| a | b |\n| - | - |\n|   | \\| piped **b** |\n\n[^x]: A note with a list:\n\n    - one\n    - two\n\n    ```\n    code in a note\n    ```\n\nCited.[^x]\n',
  '',
  '\n\n',
  '---\ntitle: Only front matter\n---\n',
  '[r]: /only-a-definition\n\n[^1]: A note nobody cites.\n',
  'NUL \u0000, form feed \u000c, no-break\u00a0space, zero\u200bwidth, a lone CR\rin a line, and a tab\there.\n',
  // Tables of one column, which need no pipe, and underlines and rules that are no tables.
  'One column\n:---\nits cell\n\nAnother\n  ---:  \nright\n\nCentred\n:-:\n\nA heading\n---\n\nA paragraph\n\n- - -\n\n***\n',
  'Only rules and headings here\n===\n\n---\n\nNo table: a dash - and a colon : apart.\n'
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

describe('reading shortcuts', () => {
  let dir: string;
  let texts: string[];
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'folio-shortcuts-'));
    texts = await corpus(dir);
  });
  afterAll(() => rm(dir, {recursive: true, force: true}));

  it('a text in which no literal or no table can be tokenized reads the same without the tokenizer, positions and all', () => {
    // Most files hold neither: this is what the shortcuts are for.
    expect(texts.filter((text) => !readsLiterals(text)).length).toBeGreaterThan(texts.length / 2);
    expect(texts.filter((text) => !readsTables(text)).length).toBeGreaterThan(texts.length / 2);
    expect(texts.filter((text) => !readsLiterals(text))).toEqual(
      expect.arrayContaining(constructs.filter((text) => !/@/.test(text)))
    );
    for (const text of texts) {
      const [chosen, long] = [fileOf(text), fileOf(text)];
      expect(parseMarkdown(chosen), text.slice(0, 80)).toStrictEqual(
        parseMarkdown(long, {literals: true, tables: true})
      );
      expect(messagesOf(chosen)).toEqual(messagesOf(long));
    }
  });

  it('a table of one column, which needs no pipe, is still found; a rule or an underline is none', () => {
    const tables: Array<[string, number]> = [
      ['| a | b |\n| - | - |\n| 1 | 2 |\n', 1],
      ['One column\n:---\nits cell\n', 1],
      ['One column\n  ---:\n', 1],
      ['> Quoted\n> :-:\n> cell\n', 1],
      ['A heading\n---\n\n***\n\n- - -\n', 0]
    ];
    for (const [text, count] of tables) {
      let found = 0;
      visit(parseMarkdown(fileOf(text)), 'table', () => void found++);
      expect(found, text).toBe(count);
      if (count > 0) expect(readsTables(text), text).toBe(true);
    }
  });

  it('every kind of literal is still found, in any case, written with references or escapes too', () => {
    const literals: Array<[string, string[], boolean]> = [
      ['See www.example.org.', ['http://www.example.org'], true],
      ['See WWW.EXAMPLE.ORG/A.', ['http://WWW.EXAMPLE.ORG/A'], true],
      [
        'Read https://example.org/a?b=c, then HTTP://X.EXAMPLE.',
        ['https://example.org/a?b=c', 'HTTP://X.EXAMPLE'],
        true
      ],
      ['Write to press@example.org.', ['mailto:press@example.org'], true],
      ['Or mailto:a.b@example.org.', ['mailto:a.b@example.org'], true],
      // Found in the decoded text by the tree's own pass, which the shortcut keeps.
      ['See www&#46;example.org today.', ['http://www.example.org'], false],
      ['See www\\.example.org today.', ['http://www.example.org'], false],
      [
        'Mail press&#64;example.org or press&commat;example.org.',
        ['mailto:press@example.org', 'mailto:press@example.org'],
        false
      ],
      ['Go https&#58;//example.org now.', ['https://example.org'], false]
    ];
    for (const [text, urls, tokenized] of literals) {
      expect(readsLiterals(text), text).toBe(tokenized);
      const found: string[] = [];
      visit(parseMarkdown(fileOf(text)), 'link', (node) => void found.push(node.url));
      expect(found, text).toEqual(urls);
    }
  });

  it('a tree that needs no HTML parse becomes the same HTML tree without one, positions and all', () => {
    let short = 0;
    for (const text of texts) {
      const tree = parseMarkdown(fileOf(text));
      if (!parsedAsHtml(tree)) short++;
      const [chosen, long] = [fileOf(text), fileOf(text)];
      expect(markdownToHast(tree, chosen), text.slice(0, 80)).toStrictEqual(markdownToHast(tree, long, true));
      expect(messagesOf(chosen)).toEqual(messagesOf(long));
    }
    expect(short).toBeGreaterThan(texts.length / 2);
  });

  it('a link inside a link goes through the parser, which splits it as a browser would', () => {
    const tree = parseMarkdown(fileOf('[A note cited in a link[^1]](/x).\n\n[^1]: The note.\n'));
    expect(parsedAsHtml(tree)).toBe(true);
    const links: string[] = [];
    visit(markdownToHast(tree, fileOf('')), 'element', (node, _index, parent) => {
      if (node.tagName === 'a' && parent?.type === 'element') links.push(`${parent.tagName} > a`);
    });
    expect(links).not.toContain('a > a');
  });

  it('raw HTML is still parsed (and cleaned) where there is some', () => {
    const tree = parseMarkdown(fileOf('<p align="center">Centred <em>words</em><script>alert(1)</script></p>\n'));
    expect(parsedAsHtml(tree)).toBe(true);
    const html = markdownToHast(tree, fileOf(''));
    const elements: string[] = [];
    visit(html, (node) => void elements.push(node.type === 'element' ? node.tagName : node.type));
    expect(elements).toEqual(['root', 'p', 'text', 'em', 'text']);
  });
});
