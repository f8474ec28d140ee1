import {execFileSync} from 'node:child_process';
import {readFile} from 'node:fs/promises';
import path from 'node:path';
import {beforeAll, describe, expect, it} from 'vitest';
import {buildToTemp, sampleContent} from './helpers/build.js';
import {bodyText, folio, pdfWords, runningHead, type PageWords} from './helpers/pdf-layout.js';
import {figureAltTexts, pdfOutline, structureTypes, type OutlineItem} from './helpers/pdf-structure.js';
import {foreignFonts, pdfFonts, pdfInfo, pdfText} from './helpers/pdf.js';
import {tagProblems} from './helpers/pdf-tags.js';

const epoch = '1617753600'; // 2021-04-07T00:00:00Z
const reportTitle = 'Human Rights in Europe and Central Asia';
let pdf: string;
let pages: PageWords[];
let secondBuild: Buffer;

async function buildSample(): Promise<string> {
  const {outDir} = await buildToTemp(sampleContent, {formats: ['pdf']});
  return path.join(outDir, 'human-rights-2020-21.pdf');
}

beforeAll(async () => {
  process.env.SOURCE_DATE_EPOCH = epoch;
  pdf = await buildSample();
  secondBuild = await readFile(await buildSample());
  pages = pdfWords(pdf);
});

/** Contents entries as printed: title and page number, from the layout text of the contents pages. */
function contentsEntries(): Array<{title: string; page: string}> {
  const contentsPages = pages
    .map((page, index) => ({page, index}))
    .filter(({page}) => bodyText(page).startsWith('Contents'));
  expect(contentsPages.length).toBeGreaterThan(0);
  const text = pdfText(pdf, {first: contentsPages[0]!.index + 1, last: contentsPages.at(-1)!.index + 1, layout: true});
  return [...text.matchAll(/^\s*(\S.*?\S)\s{2,}(\d+)\s*$/gm)]
    .map((match) => ({title: match[1]!.trim(), page: match[2]!}))
    .filter((entry) => entry.title !== 'Contents');
}

function flatten(items: OutlineItem[]): OutlineItem[] {
  return items.flatMap((item) => [item, ...flatten(item.kids)]);
}

describe('the sample report PDF', () => {
  it('holds every section heading and Kazakh text', () => {
    const text = pdfText(pdf);
    for (const heading of [
      'Freedom of assembly',
      'Freedom of expression',
      'Prisoners of conscience',
      'Torture and other ill-treatment',
      'Human rights defenders',
      'LGBTI rights',
      'Children’s rights',
      'Rights of people with disabilities'
    ]) {
      expect(text).toContain(heading);
    }
    expect(text).toContain('Қазақстан');
    expect(text).toContain('Алматы');
  });

  it('has its metadata, with dates from SOURCE_DATE_EPOCH', () => {
    const info = pdfInfo(pdf);
    expect(info.Title).toBe(reportTitle);
    expect(info.Author).toBe('Folio Sample Press research team');
    expect(info.Subject).toMatch(/^A sample edition/);
    expect(info.Keywords).toContain('Kazakhstan');
    expect(info.Creator).toBe('Folio');
    expect(info.CreationDate).toBe('2021-04-07T00:00:00Z');
    expect(info.ModDate).toBe('2021-04-07T00:00:00Z');
    expect(info.Tagged).toBe('yes');
    expect(info['Page size']).toContain('(A4)');
    expect(Number(info.Pages)).toBe(pages.length);
    expect(pages.length).toBeGreaterThan(10);
  });

  it('carries the same metadata as XMP, which accessibility checkers read', () => {
    const xmp = execFileSync('pdfinfo', ['-meta', pdf], {encoding: 'utf8'});
    expect(xmp).toContain(
      `<dc:title><rdf:Alt><rdf:li xml:lang="x-default">${reportTitle}</rdf:li></rdf:Alt></dc:title>`
    );
    expect(xmp).toContain('<dc:language><rdf:Bag><rdf:li>en</rdf:li></rdf:Bag></dc:language>');
    expect(xmp).toContain('<xmp:CreateDate>2021-04-07T00:00:00Z</xmp:CreateDate>');
  });

  it('is byte-identical when built twice with SOURCE_DATE_EPOCH', async () => {
    expect((await readFile(pdf)).equals(secondBuild)).toBe(true);
  });

  it('shows the title in the window title bar and declares the language', () => {
    const catalog = execFileSync('qpdf', ['--show-object=trailer', pdf], {encoding: 'latin1'});
    expect(catalog).toMatch(/\/Root/);
    const root = execFileSync('qpdf', ['--qdf', '--object-streams=disable', pdf, '-'], {
      encoding: 'latin1',
      maxBuffer: 256 * 1024 * 1024
    });
    expect(root).toMatch(/\/DisplayDocTitle true/);
    expect(root).toMatch(/\/Lang \(en\)/);
  });

  it('numbers every contents entry with the page its heading is printed on', () => {
    const entries = contentsEntries();
    const outline = flatten(pdfOutline(pdf));
    expect(entries.length).toBe(3 + 2 + 4 + 9); // Three chapters and their sections.
    for (const entry of entries) {
      // Chromium's outline points at each heading independently of Folio's contents.
      const target = outline.find((item) => item.title === entry.title);
      expect(target, entry.title).toBeDefined();
      const page = pages[target!.page - 1]!;
      expect(folio(page), entry.title).toBe(entry.page);
      expect(bodyText(page), entry.title).toContain(entry.title.split(' ')[0]);
    }
  });

  it('has a nested outline of chapters and sections', () => {
    const outline = pdfOutline(pdf);
    const kazakhstan = outline.find((item) => item.title === 'Kazakhstan');
    expect(kazakhstan).toBeDefined();
    const sections = kazakhstan!.kids.map((kid) => kid.title);
    expect(sections).toContain('Freedom of assembly');
    expect(sections).toContain('Rights of people with disabilities');
    expect(sections).toContain('Notes');
    const assembly = kazakhstan!.kids.find((kid) => kid.title === 'Freedom of assembly')!;
    expect(assembly.kids.map((kid) => kid.title)).toContain('The 2020 law on peaceful assemblies');
  });

  it('is tagged with headings, tables, lists, and figures with alt text', () => {
    const types = structureTypes(pdf);
    expect(types.get('/H1')).toBe(4); // The title page's title, and each chapter's.
    expect(types.get('/H2')).toBeGreaterThanOrEqual(15);
    expect(types.get('/Table')).toBeGreaterThanOrEqual(1);
    expect(types.get('/TH')).toBeGreaterThanOrEqual(4);
    expect(types.get('/Caption')).toBeGreaterThanOrEqual(1);
    expect(figureAltTexts(pdf).join('\n')).toMatch(/Bar chart: 81 criminal cases/);
  });

  it('keeps one sound structure tree across the parts it was printed in', async () => {
    const tags = await tagProblems(await readFile(pdf));
    expect(tags.problems).toEqual([]);
    expect(tags.elements).toBeGreaterThan(500);
    expect(tags.markedContent).toBeGreaterThan(300);
    expect(tags.links).toBeGreaterThan(60); // Contents, notes both ways, and links between chapters.
  });

  it('labels its pages as the folios number them', () => {
    const labels = JSON.parse(
      execFileSync('qpdf', ['--json', '--json-key=pagelabels', pdf], {encoding: 'utf8'})
    ).pagelabels;
    const body = pages.findIndex((page) => folio(page) === '1');
    expect(labels).toEqual([
      {index: 0, label: {'/P': 'u:Cover', '/St': 1}},
      {index: 1, label: {'/S': '/r', '/St': 1}},
      {index: body, label: {'/S': '/D', '/St': 1}}
    ]);
    expect(folio(pages[1]!) || folio(pages[2]!)).toMatch(/^i+$/);
  });

  it('has no running head or folio on the cover', () => {
    const cover = pages[0]!;
    const heads = new Set(pages.slice(1).map(runningHead).filter(Boolean));
    expect(runningHead(cover)).toBe('');
    expect(folio(cover)).not.toMatch(/^[\divxlc]+$/);
    for (const word of cover.words) expect(heads.has(word.text)).toBe(false);
  });

  it('numbers the front matter in roman numerals and the body from 1', () => {
    const folios = pages.map(folio);
    expect(folios.slice(1, 4)).toEqual(['i', 'ii', 'iii']);
    const first = pages.findIndex((page) => bodyText(page).startsWith('Foreword'));
    expect(folios[first]).toBe('1');
  });

  it('starts every chapter on a right-hand page and leaves blank versos blank', () => {
    for (const title of ['Foreword', 'Europe and Central Asia: regional overview', 'Kazakhstan']) {
      const index = pages.findIndex((page) => bodyText(page).startsWith(title.split(':')[0]!));
      expect(index % 2, title).toBe(0); // Index 0, the cover, is a right-hand page.
    }
    for (const page of pages) {
      if (bodyText(page) === '') expect(runningHead(page) + folio(page)).toBe('');
    }
  });

  it("leaves every chapter's opening page without a running head, but with its folio", () => {
    const openings = pdfOutline(pdf).filter((item) => item.title !== 'Contents' && item.title !== reportTitle);
    expect(openings.map((item) => item.title)).toEqual([
      'Foreword',
      'Europe and Central Asia: regional overview',
      'Kazakhstan'
    ]);
    for (const item of openings) {
      const page = pages[item.page - 1]!;
      expect(bodyText(page).replace(/\s+/g, ' '), item.title).toContain(item.title.split(':')[0]);
      expect(runningHead(page), item.title).toBe('');
      expect(folio(page), item.title).toMatch(/^\d+$/);
    }
  });

  it('runs the chapter title on right-hand pages and the report title on left-hand pages', () => {
    const start = pages.findIndex((page) => bodyText(page).startsWith('Kazakhstan'));
    const right = pages[start + 2]!;
    const left = pages[start + 1]!;
    expect(runningHead(right)).toBe('Kazakhstan');
    expect(runningHead(left)).toBe(reportTitle);
  });

  it("embeds and subsets only the shipped fonts, the chart's page included", () => {
    expect(pdfFonts(pdf).length).toBeGreaterThan(0);
    expect(foreignFonts(pdf)).toEqual([]);
  });

  it('hyphenates at build time without breaking search', () => {
    const text = pdfText(pdf);
    expect(text).not.toContain('\u00AD');
    expect(text).toContain('International');
    const raw = execFileSync('qpdf', ['--qdf', '--object-streams=disable', pdf, '-'], {
      encoding: 'latin1',
      maxBuffer: 256 * 1024 * 1024
    });
    expect(raw).toMatch(/\/ActualText \(\)/); // Soft hyphens are there, and extract as nothing.
  });
});
