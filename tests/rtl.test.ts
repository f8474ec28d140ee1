import {mkdir, mkdtemp, readFile, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {PDFDict, PDFDocument, PDFName} from 'pdf-lib';
import {beforeAll, describe, expect, it} from 'vitest';
import {textDirection} from '../src/html/direction.js';
import {byName, contentDocuments, epubcheck, findAll, openEpub, type OpenedEpub} from './epub-helpers.js';
import {buildToTemp} from './helpers/build.js';
import {folio, pdfWords, type PageWords} from './helpers/pdf-layout.js';
import {pdfText} from './helpers/pdf.js';
import {pdfOutline} from './helpers/pdf-structure.js';

/**
 * A report written in Arabic (tests/fixtures/arabic: a foreword and a country chapter with three
 * sections, notes, a table, a figure with Arabic alt text, Latin and Cyrillic names inside Arabic
 * sentences) is a right-to-left book. `buildToTemp` also holds its PDFs to the shipped fonts and
 * to the PDF/UA checker.
 */
const fixture = path.resolve(import.meta.dirname, 'fixtures/arabic');
let outDir: string;
let pages: PageWords[];
let epub: OpenedEpub;
const pdf = () => path.join(outDir, 'rights-arabic-sample.pdf');

beforeAll(async () => {
  ({outDir} = await buildToTemp(fixture));
  pages = pdfWords(pdf());
  epub = await openEpub(path.join(outDir, 'rights-arabic-sample.epub'));
});

describe('a right-to-left report', () => {
  it('asks PDF viewers to show it right to left', async () => {
    const document = await PDFDocument.load(await readFile(pdf()), {updateMetadata: false});
    const preferences = document.catalog.lookup(PDFName.of('ViewerPreferences'), PDFDict);
    expect(String(preferences.lookup(PDFName.of('Direction')))).toBe('/R2L');
  });

  it('opens its chapters on left-hand pages and puts folios in the outer corners', () => {
    // In a right-to-left book the first page, and every odd one, is a left-hand page (index 0, 2, …).
    const chapters = pdfOutline(pdf()).filter((item) => ['تمهيد', 'كازاخستان'].includes(item.title));
    expect(chapters.map((item) => item.title)).toEqual(['تمهيد', 'كازاخستان']);
    for (const item of chapters) expect((item.page - 1) % 2, item.title).toBe(0);
    let folios = 0;
    for (const [index, page] of pages.entries()) {
      const number = folio(page);
      if (!number) continue;
      folios++;
      const word = page.words.filter((candidate) => candidate.text === number).at(-1)!;
      const left = index % 2 === 0;
      expect(left ? word.xMax < page.width / 2 : word.xMin > page.width / 2, `page ${index + 1}`).toBe(true);
    }
    expect(folios).toBeGreaterThan(4);
  });

  it('sets running heads at the outer corner of each page', () => {
    // poppler gives Arabic words in visual order, so where they are is tested, not what they say.
    const headed = pages
      .map((page, index) => ({page, index, top: page.words.filter((word) => word.yMax < 22 * (72 / 25.4))}))
      .filter(({top}) => top.length > 0);
    // The chapter's third page is a left-hand page with a running head, its second a right-hand one.
    expect(headed.map(({index}) => index % 2).sort()).toEqual(expect.arrayContaining([0, 1]));
    for (const {page, index, top} of headed) {
      const left = index % 2 === 0;
      for (const word of top)
        expect(left ? word.xMax < page.width / 2 : word.xMin > page.width / 2, `page ${index + 1}`).toBe(true);
      // Rectos (left-hand pages) carry the chapter's title, one short word here; versos the report's,
      // six words: told apart by how wide the line is.
      const width = Math.max(...top.map((word) => word.xMax)) - Math.min(...top.map((word) => word.xMin));
      if (left) expect(width, `page ${index + 1}`).toBeLessThan(60);
      else expect(width, `page ${index + 1}`).toBeGreaterThan(80);
    }
  });

  it('keeps the Latin and Cyrillic names whole and their brackets around them', () => {
    const text = pdfText(pdf()).replace(/[\u200e\u200f\u202a-\u202e]/g, '');
    expect(text).toContain('Asiya Tulesova');
    expect(text).toContain('Асия Тулесова');
    expect(text).toContain('Алнур Ильяшев');
    const chapter = contentDocuments(epub).find((file) => /kazakhstan/.test(file))!;
    const isolates = byName(epub.xml(chapter), 'bdi').map((element) => findAll(element, () => true).length);
    expect(isolates.length).toBeGreaterThanOrEqual(6);
  });

  it('gives the EPUB a right-to-left spine and dir on every document, with no CSS direction, and passes EPUBCheck', () => {
    const opf = epub.xml(epub.opfPath);
    expect(byName(opf, 'package')[0]!.attribs.dir).toBe('rtl');
    expect(byName(opf, 'spine')[0]!.attribs['page-progression-direction']).toBe('rtl');
    for (const file of epub.names.filter((name) => name.endsWith('.xhtml')))
      expect(byName(epub.xml(file), 'html')[0]!.attribs.dir, file).toBe('rtl');
    const css = epub.names
      .filter((name) => name.endsWith('.css'))
      .map((name) => Buffer.from(epub.file(name)).toString());
    for (const sheet of css) expect(sheet).not.toMatch(/(^|[;{\s])direction\s*:/);
    const result = epubcheck(path.join(outDir, 'rights-arabic-sample.epub'));
    expect([result.fatals, result.errors, result.warnings], result.output).toEqual([0, 0, 0]);
  });

  it('justifies Arabic by spaces only: no tatweel is put into the text', () => {
    expect(pdfText(pdf())).not.toContain('\u0640');
    for (const file of contentDocuments(epub)) expect(Buffer.from(epub.file(file)).toString()).not.toContain('\u0640');
  });

  it('frames a report in another right-to-left language, Persian, the same way', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'folio-persian-'));
    await writeFile(
      path.join(dir, 'report.yaml'),
      [
        'title: گزارش آزمایشی',
        'slug: persian-sample',
        'publisher: Folio Sample Press',
        'authors: گروه پژوهش',
        'date: 2021-04-07',
        'language: fa',
        'identifier: urn:uuid:2a7d9c4e-1f3b-4b6a-9e8d-5c0f7a3b1d92',
        'description: گزارشی کوتاه برای آزمودن کتاب‌های راست‌به‌چپ.',
        'chapters: [preface.md]'
      ].join('\n')
    );
    await writeFile(
      path.join(dir, 'preface.md'),
      '# پیشگفتار\n\nاین گزارش کوتاه فقط برای آزمودن صفحه‌آرایی راست‌به‌چپ نوشته شده است.\n'
    );
    // Folio ships no Persian catalogue, so the report brings one: here the Arabic one with only the
    // contents' title in Persian, which is enough for the frame (a real report translates every key).
    await mkdir(path.join(dir, 'messages'));
    const arabic = await readFile(path.resolve(import.meta.dirname, '../templates/messages/ar.yaml'), 'utf8');
    await writeFile(path.join(dir, 'messages', 'fa.yaml'), arabic.replace('contents: المحتويات', 'contents: فهرست'));
    const {outDir: out} = await buildToTemp(dir, {formats: ['pdf', 'epub']});
    const document = await PDFDocument.load(await readFile(path.join(out, 'persian-sample.pdf')), {
      updateMetadata: false
    });
    const preferences = document.catalog.lookup(PDFName.of('ViewerPreferences'), PDFDict);
    expect(String(preferences.lookup(PDFName.of('Direction')))).toBe('/R2L');
    const persian = await openEpub(path.join(out, 'persian-sample.epub'));
    const opf = persian.xml(persian.opfPath);
    expect(byName(opf, 'spine')[0]!.attribs['page-progression-direction']).toBe('rtl');
    for (const file of persian.names.filter((name) => name.endsWith('.xhtml')))
      expect(byName(persian.xml(file), 'html')[0]!.attribs.dir, file).toBe('rtl');
    const chapters = pdfOutline(path.join(out, 'persian-sample.pdf'));
    expect(chapters.find((item) => item.title === 'پیشگفتار')!.page % 2).toBe(1); // A left-hand page.
  });

  it('knows which languages are written right to left', () => {
    for (const language of ['ar', 'he', 'fa', 'ur', 'ar-EG', 'ku-Arab'])
      expect(textDirection(language), language).toBe('rtl');
    for (const language of ['en', 'ru', 'kk', 'ar-Latn', 'fr']) expect(textDirection(language), language).toBe('ltr');
  });
});
