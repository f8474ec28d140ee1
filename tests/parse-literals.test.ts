import {readdir, readFile} from 'node:fs/promises';
import {mkdtemp, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {visit} from 'unist-util-visit';
import {VFile} from 'vfile';
import {describe, expect, it} from 'vitest';
import {parseMarkdown} from '../src/markdown/parse.js';
import {generateReport} from '../scripts/generate-report.js';

const projectRoot = path.resolve(import.meta.dirname, '..');

/** Every Markdown file under `dir`. */
async function markdownFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, {recursive: true, withFileTypes: true});
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith('.md'))
    .map((entry) => path.join(entry.parentPath, entry.name));
}

/** The tree and the messages of a parse, with or without looking for autolink literals. */
function read(text: string, literals?: boolean) {
  const file = new VFile({path: 'probe.md', value: text});
  const tree = literals === undefined ? parseMarkdown(file) : parseMarkdown(file, literals);
  return {tree, messages: file.messages.map((message) => `${message.line}:${message.column} ${message.reason}`)};
}

function linkUrls(text: string): string[] {
  const urls: string[] = [];
  visit(read(text).tree, 'link', (node) => void urls.push(node.url));
  return urls;
}

/** Texts with none of `@`, `www.`, `http://`, `https://`, using every construct GFM adds and words that start as literals do. */
const withoutLiterals = [
  'What happens when hyphen-ated words, w.x and h.t, wwwx, www, http: and https:/ appear?',
  '| Left | Centre | Right |\n| :--- | :----: | ----: |\n| a_b | c+d | e.f-g |\n',
  '- [ ] an open task\n- [x] a done task, ~~struck~~ and ~single~\n',
  'A note.[^n1] Another.[^long-note]\n\n[^n1]: The first note, with *emphasis*.\n\n[^long-note]: The second.\n',
  '<p align="center">Raw HTML with <span class="x">inline</span> parts</p>\n\n<!-- a comment -->\n',
  '---\ntitle: Front matter\n---\n\n# A heading {#not-an-id}\n\n`code www_x` and ```fenced```\n',
  '> A quote: "quoted" -- dashed --- and \'single\' ... ellipsis\n\n1. one\n2. two\n',
  'Ақмола облысы, Қазақстан: Алматы — «кавычки» и „lapki“; name.surname_at domain.kz\n',
  '[a link](https://example.org) and <https://autolink.example.org> and [ref][r]\n\n[r]: /a/b "T"\n'.replace(
    /https:\/\//g,
    'ftp://'
  )
];

describe('reading a text that holds no autolink literal', () => {
  it('gives the same tree and messages without looking for them, positions and all', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'folio-literals-'));
    try {
      const generated = await generateReport(dir, {countries: 3, charts: 2});
      const files = [
        ...(await markdownFiles(path.join(projectRoot, 'content'))),
        ...(await markdownFiles(path.join(projectRoot, 'tests/fixtures'))),
        ...generated.files.map((file) => path.join(generated.contentDir, file))
      ];
      const texts = [...(await Promise.all(files.map((file) => readFile(file, 'utf8')))), ...withoutLiterals];
      const plain = texts.filter((text) => !/@|www\.|https?:\/\//i.test(text));
      // Most files hold no literal: this is what the shortcut is for, and what is compared here.
      expect(plain.length).toBeGreaterThan(texts.length / 2);
      expect(plain).toEqual(expect.arrayContaining(withoutLiterals));
      for (const text of plain) expect(read(text, false), text.slice(0, 80)).toEqual(read(text, true));
    } finally {
      await rm(dir, {recursive: true, force: true});
    }
  });

  it('still finds every kind of literal, in any case, where one may be', () => {
    const texts: Array<[string, string[]]> = [
      ['See www.example.org.', ['http://www.example.org']],
      ['See WWW.EXAMPLE.ORG/A.', ['http://WWW.EXAMPLE.ORG/A']],
      ['Read https://example.org/a?b=c, then HTTP://X.EXAMPLE.', ['https://example.org/a?b=c', 'HTTP://X.EXAMPLE']],
      ['Write to press@example.org.', ['mailto:press@example.org']],
      ['Or mailto:a.b@example.org.', ['mailto:a.b@example.org']]
    ];
    for (const [text, urls] of texts) {
      expect(linkUrls(text), text).toEqual(urls);
      expect(read(text), text).toEqual(read(text, true));
    }
  });
});
