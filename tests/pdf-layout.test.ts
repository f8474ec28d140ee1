import {readdirSync} from 'node:fs';
import {mkdtemp, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {beforeAll, describe, expect, it} from 'vitest';
import type {CompiledReport} from '../src/html/model.js';
import {draftLayout} from '../src/html/print-document.js';
import {planLayout} from '../src/pdf/plan-layout.js';
import {generateReport} from './fixtures/generate.js';
import {buildToTemp} from './helpers/build.js';
import {bodyText, folio, pdfWords, runningHead, type PageWords} from './helpers/pdf-layout.js';
import {pdfOutline, type OutlineItem} from './helpers/pdf-structure.js';
import {pdfInfo, pdfText} from './helpers/pdf.js';

function chapterStub(id: string, sections: string[]) {
  return {slug: id, title: id, id, brief: false, sections: sections.map((section) => ({id: section, title: section})), tree: {type: 'element', tagName: 'section', properties: {}, children: []}};
}

describe('planLayout', () => {
  const report = {chapters: [chapterStub('a', ['a1']), chapterStub('b', ['b1', 'b2']), chapterStub('c', [])]} as unknown as CompiledReport;

  it('adds a blank page before a chapter that would start on a left-hand page, and numbers the body from 1', () => {
    // Cover, i, ii (contents): the body starts at index 3, a left-hand page.
    const measured = new Map([['a', 3], ['a1', 3], ['b', 5], ['b1', 5], ['b2', 6], ['c', 8]]);
    const layout = planLayout(report, measured, draftLayout);
    expect(layout.blankBeforeBody).toBe(true); // Index 3 is a verso: the body moves to 4.
    expect([...layout.blankBefore]).toEqual(['c']); // b at 5 + 1 = 6 is a recto; c at 8 + 1 = 9 needs one: 10.
    expect(layout.pages).toEqual({a: '1', a1: '1', b: '3', b1: '3', b2: '4', c: '7'});
  });

  it('reads positions already shifted by blank pages back to where they came from', () => {
    const measured = new Map([['a', 3], ['a1', 3], ['b', 5], ['b1', 5], ['b2', 6], ['c', 8]]);
    const first = planLayout(report, measured, draftLayout);
    // The same document printed with the first plan's blank pages: everything after each blank moves by one.
    const shifted = new Map([['a', 4], ['a1', 4], ['b', 6], ['b1', 6], ['b2', 7], ['c', 10]]);
    const second = planLayout(report, shifted, first);
    expect(second).toEqual(first);
  });
});

describe('a generated report with chapters of uneven length', () => {
  let pdf: string;
  let pages: PageWords[];
  let chapters: string[];

  beforeAll(async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'folio-layout-'));
    const generated = await generateReport(dir, {countries: 4, seed: 7, paragraphs: 1, briefs: false});
    chapters = generated.chapters;
    const {outDir} = await buildToTemp(generated.contentDir, {formats: ['pdf']});
    const [file] = readdirSync(outDir).filter((name) => name.endsWith('.pdf'));
    pdf = path.join(outDir, file!);
    pages = pdfWords(pdf);
  });

  function flatten(items: OutlineItem[]): OutlineItem[] {
    return items.flatMap((item) => [item, ...flatten(item.kids)]);
  }

  it('starts each chapter on a right-hand page, with blank versos where needed', () => {
    const outline = pdfOutline(pdf);
    const chapterItems = outline.filter((item) => item.title !== 'Contents');
    expect(chapterItems.length).toBe(chapters.length);
    for (const item of chapterItems) expect((item.page - 1) % 2, item.title).toBe(0);
    const blanks = pages.filter((page) => page.words.length === 0);
    expect(blanks.length).toBeGreaterThan(0); // This seed needs blank pages: the mechanism is exercised.
  });

  it('prints the page number each contents entry gives on the page where its heading is', () => {
    const outline = flatten(pdfOutline(pdf));
    const contents = pages.findIndex((page) => bodyText(page).startsWith('Contents'));
    const last = pages.findIndex((page, index) => index > contents && !bodyText(page).startsWith('Contents') && folio(page) === '1');
    const text = pdfText(pdf, {first: contents + 1, last, layout: true});
    const entries = [...text.matchAll(/^\s*(\S.*?\S)\s{2,}(\d+)\s*$/gm)].map((match) => ({title: match[1]!, page: match[2]!}));
    expect(entries.length).toBeGreaterThan(chapters.length * 2);
    const used = new Set<OutlineItem>();
    for (const entry of entries) {
      const target = outline.find((item) => item.title === entry.title && !used.has(item));
      expect(target, entry.title).toBeDefined();
      used.add(target!);
      expect(folio(pages[target!.page - 1]!), entry.title).toBe(entry.page);
    }
  });

  it('leaves blank pages without running head or folio', () => {
    for (const page of pages.filter((candidate) => bodyText(candidate) === '')) {
      expect(runningHead(page)).toBe('');
      expect(folio(page)).toBe('');
    }
  });
});

describe('a report whose manifest asks for US Letter', () => {
  it('prints every page, the cover included, on Letter paper', async () => {
    const {outDir} = await buildToTemp(path.resolve(import.meta.dirname, 'fixtures/three-chapters'), {formats: ['pdf']});
    const [file] = readdirSync(outDir).filter((name) => name.endsWith('.pdf'));
    const info = pdfInfo(path.join(outDir, file!));
    expect(info['Page size']).toMatch(/^612 x 792 pts \(letter\)/);
    const pages = pdfWords(path.join(outDir, file!));
    expect(pages.every((page) => page.width === 612 && page.height === 792)).toBe(true);
  });
});

describe('a report in Russian, whose heading ids are Cyrillic', () => {
  it('finds where each heading landed and numbers the contents (Chromium percent-encodes such destinations)', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'folio-ru-'));
    const sentence = 'Президент подписал новый закон о порядке организации и проведения мирных собраний, который не соответствует международным стандартам. ';
    await writeFile(path.join(dir, 'report.yaml'), 'title: Права человека\npublisher: Пример\nauthors: Группа\ndate: 2021-04-07\nlanguage: ru\nidentifier: urn:uuid:6f1f4b3e-2d0c-4a55-9c11-7a0f6c3d2e02\ndescription: Проверка.\nchapters: [kazakhstan.md]\n');
    await writeFile(path.join(dir, 'kazakhstan.md'), `# Казахстан\n\n${sentence.repeat(12)}\n\n## Свобода собраний\n\n${sentence.repeat(40)}\n\n## Свобода выражения мнений\n\n${sentence.repeat(10)}\n`);
    const {outDir} = await buildToTemp(dir, {formats: ['pdf']});
    const file = path.join(outDir, readdirSync(outDir).find((name) => name.endsWith('.pdf'))!);
    const pages = pdfWords(file);
    const outline = pdfOutline(file).flatMap((item) => [item, ...item.kids]);
    const text = pdfText(file, {first: 4, last: 4, layout: true});
    const entries = [...text.matchAll(/^\s*(\S.*?\S)\s{2,}(\d+)\s*$/gm)].map((match) => ({title: match[1]!, page: match[2]!}));
    expect(entries.map((entry) => entry.title)).toEqual(['Казахстан', 'Свобода собраний', 'Свобода выражения мнений']);
    for (const entry of entries) {
      const target = outline.find((item) => item.title === entry.title)!;
      expect(folio(pages[target.page - 1]!), entry.title).toBe(entry.page);
    }
    expect(entries.at(-1)!.page).not.toBe('1'); // The long section pushes the last one onto a later page.
    expect(pdfText(file)).not.toContain('\u00AD'); // Russian hyphenation, invisible to search.
  });
});
