import {reportMessages} from '../src/messages/catalogue.js';
import {readdirSync} from 'node:fs';
import {mkdtemp, readFile, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {PDFDocument, PDFName} from 'pdf-lib';
import {beforeAll, describe, expect, it} from 'vitest';
import {loadReport} from '../src/content/load-report.js';
import {compileReport} from '../src/html/compile-report.js';
import {printChapterBodies, renderWholeReport} from '../src/html/print-document.js';
import {createTemplates} from '../src/html/templates.js';
import {AssetServer} from '../src/browser/asset-server.js';
import {closeBrowser, launchBrowser, printHtml} from '../src/browser/browser.js';
import {tidyPrintedPdf} from '../src/pdf/finish-pdf.js';
import type {Progress} from '../src/diagnostics/progress.js';
import {printReport} from '../src/pdf/print-report.js';
import {defaultTemplatesDir} from '../src/project-paths.js';
import {generateReport} from '../scripts/generate-report.js';
import {buildToTemp} from './helpers/build.js';
import {bodyText, folio, pdfWords, runningHead, type PageWords, type Word} from './helpers/pdf-layout.js';
import {pdfOutline, type OutlineItem} from './helpers/pdf-structure.js';
import {pdfInfo, pdfText} from './helpers/pdf.js';
import {tagProblems} from './helpers/pdf-tags.js';

describe('printing the report in parts', () => {
  it('gives the same pages, page for page, as one print of the whole report as one document', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'folio-parts-'));
    const generated = await generateReport(dir, {countries: 3, seed: 11, paragraphs: 1, briefs: false});
    const {report} = await loadReport(generated.contentDir);
    const compiled = await compileReport(report!, await reportMessages(report!));
    const templates = createTemplates(defaultTemplatesDir);
    const browser = await launchBrowser();
    try {
      const assets = new AssetServer(compiled.contentDir, defaultTemplatesDir);
      const printed = await printReport(compiled, {browser: async () => browser, assets, templates, date: new Date(0)});
      const whole = await printHtml(
        browser,
        assets,
        renderWholeReport(compiled, printChapterBodies(compiled), templates, printed.layout),
        {tagged: true, outline: true}
      );
      const files = {parts: path.join(dir, 'parts.pdf'), whole: path.join(dir, 'whole.pdf')};
      await writeFile(files.parts, printed.pdf);
      // Chromium's raw print, with its unbroken soft hyphens made invisible as the build does.
      const wholeDocument = await PDFDocument.load(whole);
      tidyPrintedPdf(wholeDocument, new Map());
      await writeFile(files.whole, await wholeDocument.save());
      const partsPages = pdfWords(files.parts);
      const wholePages = pdfWords(files.whole);
      expect(printed.pages).toBe(wholePages.length);
      expect(printed.layout.blankAfter.size + Number(printed.layout.blankAfterFront)).toBeGreaterThan(0); // Blank versos are exercised.
      const openings = new Set(
        pdfOutline(files.parts)
          .filter((item) => item.title !== 'Contents' && item.title !== compiled.meta.title)
          .map((item) => item.page - 1)
      );
      expect(openings.size).toBe(compiled.chapters.length);
      for (const [index, page] of partsPages.entries()) {
        const whole = wholePages[index]!;
        // The same words in the same places (within half a point): text, folio and, but for the chapter openings, running head.
        const below = (words: Word[]) => words.filter((word) => runningHead({...page, words: [word]}) === '');
        const [mine, theirs] = [below(page.words), below(whole.words)];
        expect(
          mine.map((word) => word.text),
          `page ${index + 1}`
        ).toEqual(theirs.map((word) => word.text));
        const moved = mine.filter(
          (word, at) => Math.abs(word.xMin - theirs[at]!.xMin) > 0.5 || Math.abs(word.yMin - theirs[at]!.yMin) > 0.5
        );
        expect(moved, `page ${index + 1}`).toEqual([]);
        // A chapter's opening page is the first of its part, whose `:first` drops the running head;
        // one document cannot select it, so there the whole print still has one.
        if (openings.has(index)) {
          expect(runningHead(page), `page ${index + 1}`).toBe('');
          expect(runningHead(whole), `page ${index + 1}`).not.toBe('');
        } else {
          expect(runningHead(page), `page ${index + 1}`).toBe(runningHead(whole));
        }
      }
      // Joined, the parts still make one sound structure tree, with every link landing somewhere.
      const tags = await tagProblems(printed.pdf);
      expect(tags.problems).toEqual([]);
      expect(tags.links).toBeGreaterThan(compiled.chapters.length * 3);
    } finally {
      await closeBrowser(browser);
    }
  });
});

describe('printing chapters side by side', () => {
  it('gives the same bytes with two printers as with one, a chapter printed at a wrong guess printed again', async () => {
    // The second chapter is a list of short items: more pages per character than the first
    // chapter's prose, by which the third chapter's number is guessed while the second prints.
    const dir = await mkdtemp(path.join(tmpdir(), 'folio-side-'));
    const prose =
      'Peaceful protesters were fined or held for up to fifteen days, and the courts heard their appeals in minutes. ';
    const items = Array.from({length: 160}, (_, index) => `- Case ${index + 1}`).join('\n');
    await writeFile(
      path.join(dir, 'report.yaml'),
      'title: Side by side\npublisher: Example\nauthors: Team\ndate: 2021-04-07\nlanguage: en\nidentifier: urn:uuid:1b0c3e52-8f0e-4f7a-9d3c-5e2b7a914c20\ndescription: A test.\nchapters: [one.md, two.md, three.md, four.md]\n'
    );
    const chapter = (title: string, body: string) => `# ${title}\n\n## Freedom of assembly\n\n${body}\n`;
    await writeFile(path.join(dir, 'one.md'), chapter('Arcadia', `${prose.repeat(30)}\n\n${prose.repeat(30)}`));
    await writeFile(path.join(dir, 'two.md'), chapter('Borealis', items));
    await writeFile(path.join(dir, 'three.md'), chapter('Caldera', prose.repeat(40)));
    await writeFile(path.join(dir, 'four.md'), chapter('Dunmore', prose.repeat(10)));
    const {report} = await loadReport(dir);
    const compiled = await compileReport(report!, await reportMessages(report!));
    const templates = createTemplates(defaultTemplatesDir);
    const browser = await launchBrowser();
    try {
      const assets = new AssetServer(compiled.contentDir, defaultTemplatesDir);
      const context = {browser: async () => browser, assets, templates, date: new Date(0)};
      // The pages open once the front matter is printed: the second printer's closed by then (it closes while the first prints).
      let openAfterFrontMatter = 0;
      const progress = {
        step: (_stage: string, _done: number, _total: number, name: string) => {
          if (name === 'front matter')
            openAfterFrontMatter = browser.targets().filter((target) => target.type() === 'page').length;
        }
      } as unknown as Progress;
      const alone = await printReport(compiled, {...context, printers: 1});
      const together = await printReport(compiled, {...context, printers: 2}, progress);
      expect(openAfterFrontMatter).toBe(1);
      expect(alone.reprints).toBe(0);
      expect(together.reprints).toBeGreaterThan(0);
      expect(together.pages).toBe(alone.pages);
      expect(together.layout).toEqual(alone.layout);
      expect(Buffer.from(together.pdf).equals(Buffer.from(alone.pdf))).toBe(true);
    } finally {
      await closeBrowser(browser);
    }
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

  it('starts each chapter on a right-hand page, with blank versos where needed', async () => {
    const outline = pdfOutline(pdf);
    // The first bookmark is the title page's, with the contents under it.
    expect(outline[0]!.kids.map((item) => item.title)).toEqual(['Contents']);
    const chapterItems = outline.slice(1);
    expect(chapterItems.length).toBe(chapters.length);
    for (const item of chapterItems) expect((item.page - 1) % 2, item.title).toBe(0);
    const blanks = pages.filter((page) => page.words.length === 0);
    expect(blanks.length).toBeGreaterThan(0); // This seed needs blank pages: the mechanism is exercised.
    // A blank verso holds nothing at all, not even an artifact, so a screen reader has nothing to skip.
    const document = await PDFDocument.load(await readFile(pdf), {updateMetadata: false});
    const empty = document.getPages().filter((page) => page.node.get(PDFName.of('Contents')) === undefined);
    expect(empty.length).toBe(blanks.length);
  });

  it('prints the page number each contents entry gives on the page where its heading is', () => {
    const outline = flatten(pdfOutline(pdf));
    const contents = pages.findIndex((page) => bodyText(page).startsWith('Contents'));
    const last = pages.findIndex(
      (page, index) => index > contents && !bodyText(page).startsWith('Contents') && folio(page) === '1'
    );
    const text = pdfText(pdf, {first: contents + 1, last, layout: true});
    const entries = [...text.matchAll(/^\s*(\S.*?\S)\s{2,}(\d+)\s*$/gm)].map((match) => ({
      title: match[1]!,
      page: match[2]!
    }));
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
    const {outDir} = await buildToTemp(path.resolve(import.meta.dirname, 'fixtures/three-chapters'), {
      formats: ['pdf']
    });
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
    const sentence =
      'Президент подписал новый закон о порядке организации и проведения мирных собраний, который не соответствует международным стандартам. ';
    await writeFile(
      path.join(dir, 'report.yaml'),
      'title: Права человека\npublisher: Пример\nauthors: Группа\ndate: 2021-04-07\nlanguage: ru\nidentifier: urn:uuid:6f1f4b3e-2d0c-4a55-9c11-7a0f6c3d2e02\ndescription: Проверка.\nchapters: [kazakhstan.md]\n'
    );
    await writeFile(
      path.join(dir, 'kazakhstan.md'),
      `# Казахстан\n\n${sentence.repeat(12)}\n\n## Свобода собраний\n\n${sentence.repeat(40)}\n\n## Свобода выражения мнений\n\n${sentence.repeat(10)}\n`
    );
    const {outDir} = await buildToTemp(dir, {formats: ['pdf']});
    const file = path.join(
      outDir,
      readdirSync(outDir).find((name) => name.endsWith('.pdf'))!
    );
    const pages = pdfWords(file);
    const outline = pdfOutline(file).flatMap((item) => [item, ...item.kids]);
    const text = pdfText(file, {first: 4, last: 4, layout: true});
    const entries = [...text.matchAll(/^\s*(\S.*?\S)\s{2,}(\d+)\s*$/gm)].map((match) => ({
      title: match[1]!,
      page: match[2]!
    }));
    expect(entries.map((entry) => entry.title)).toEqual(['Казахстан', 'Свобода собраний', 'Свобода выражения мнений']);
    for (const entry of entries) {
      const target = outline.find((item) => item.title === entry.title)!;
      expect(folio(pages[target.page - 1]!), entry.title).toBe(entry.page);
    }
    expect(entries.at(-1)!.page).not.toBe('1'); // The long section pushes the last one onto a later page.
    expect(pdfText(file)).not.toContain('\u00AD'); // Russian hyphenation, invisible to search.
  });
});
