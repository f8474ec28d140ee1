import {mkdir, mkdtemp, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {beforeAll, expect, test} from 'vitest';
import {buildToTemp} from './helpers/build.js';
import {
  byName,
  contentDocuments,
  epubcheck,
  findAll,
  manifestItems,
  openEpub,
  resolveHref,
  textOf,
  type OpenedEpub
} from './epub-helpers.js';

/** A title with characters that templates must escape, and an ejs delimiter that must stay text. */
const title = 'Қазақстан: <% баяндама %> & «тексеру»';

/** A one-pixel PNG. */
const png = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=',
  'base64'
);

/**
 * A small report in Kazakh: chapter files with Cyrillic names, a chapter without sections, a
 * link into a section of another chapter, a note, and an image without alt text.
 */
async function writeFixture(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'folio-epub-fixture-'));
  await mkdir(path.join(dir, 'суреттер'));
  await writeFile(path.join(dir, 'суреттер', 'нүкте.png'), png);
  await writeFile(
    path.join(dir, 'report.yaml'),
    [
      `title: '${title}'`,
      'slug: kk-fixture',
      'publisher: Folio Test Press',
      'authors: [Алма Сейітова, Test Author]',
      'date: 2021-04-07',
      'language: kk',
      'identifier: urn:uuid:6f1c3a0e-8d7b-4c55-9a51-0d8a3b7e2c11',
      'description: Шағын тексеру баяндамасы.',
      'chapters:',
      '  - бір.md',
      '  - екі.md',
      ''
    ].join('\n')
  );
  await writeFile(
    path.join(dir, 'бір.md'),
    '# Бірінші тарау\n\nМәтін [екінші тараудың бөлімі](екі.md#бөлім) туралы.[^1]\n\n![](суреттер/нүкте.png)\n\n[^1]: Ескерту.\n'
  );
  await writeFile(path.join(dir, 'екі.md'), '# Екінші тарау\n\nКіріспе.\n\n## Бөлім\n\nМәтін.\n');
  return dir;
}

let epubPath: string;
let epub: OpenedEpub;
let messages: string;

beforeAll(async () => {
  const built = await buildToTemp(await writeFixture(), {formats: ['epub']});
  epubPath = built.result.files[0]!.path;
  epub = await openEpub(epubPath);
  messages = built.messages;
});

test('a Kazakh report passes EPUBCheck with no errors and no warnings', () => {
  const result = epubcheck(epubPath);
  expect(result, result.output).toMatchObject({fatals: 0, errors: 0, warnings: 0});
});

test('declares Kazakh on the package and on every content document', () => {
  const opf = epub.xml(epub.opfPath);
  expect(byName(opf, 'package')[0]!.attribs['xml:lang']).toBe('kk');
  expect(byName(opf, 'dc:language').map(textOf)).toEqual(['kk']);
  for (const file of contentDocuments(epub)) {
    const html = byName(epub.xml(file), 'html')[0]!;
    expect([html.attribs.lang, html.attribs['xml:lang']], file).toEqual(['kk', 'kk']);
  }
});

test('keeps the title and authors intact through the templates', () => {
  const opf = epub.xml(epub.opfPath);
  expect(byName(opf, 'dc:title').map(textOf)).toEqual([title]);
  expect(byName(opf, 'dc:creator').map(textOf)).toEqual(['Алма Сейітова', 'Test Author']);
});

test('names chapter files in ASCII and links into another chapter’s section', () => {
  const chapters = contentDocuments(epub).filter((file) => /\/\d{2}-/.test(file));
  expect(chapters).toHaveLength(2);
  for (const file of chapters) expect(file).toMatch(/^[-./A-Za-z0-9]+$/);
  const first = epub.xml(chapters[0]!);
  const link = byName(first, 'a').find((a) => textOf(a) === 'екінші тараудың бөлімі')!;
  const target = resolveHref(chapters[0]!, link.attribs.href!);
  expect(target.file).toBe(chapters[1]);
  expect(findAll(epub.xml(target.file), (element) => element.attribs.id === target.id)).toHaveLength(1);
});

test('does not claim alternative text when an image has none, and warns about it', () => {
  expect(messages).toMatch(/alt text/);
  const opf = epub.xml(epub.opfPath);
  const values = (property: string) =>
    findAll(opf, (element) => element.attribs.property === `schema:${property}`).map(textOf);
  expect(values('accessibilityFeature')).not.toContain('alternativeText');
  expect(values('accessModeSufficient')).toEqual(['textual,visual']);
  // Nor conformance to EPUB Accessibility: an image without a text alternative fails WCAG.
  expect(findAll(opf, (element) => element.attribs.property === 'dcterms:conformsTo')).toEqual([]);
  const image = [...manifestItems(epub).values()].find(
    (item) => item.mediaType === 'image/png' && !item.properties.includes('cover-image')
  )!;
  expect(Buffer.from(epub.file(image.path)).equals(png)).toBe(true);
});
