import path from 'node:path';
import {beforeAll, describe, expect, it} from 'vitest';
import {
  byName,
  contentDocuments,
  epubcheck,
  findAll,
  openEpub,
  resolveHref,
  textOf,
  type OpenedEpub
} from './epub-helpers.js';
import {buildToTemp} from './helpers/build.js';
import {pdfWords, type PageWords} from './helpers/pdf-layout.js';
import {pdfFonts, pdfText} from './helpers/pdf.js';

/**
 * The construct corpus (tests/fixtures/constructs): every CommonMark and GFM construct, and the
 * raw HTML real documents carry (legacy attributes, `<center>`, `<font>`, task lists, comments,
 * CDATA, entities, `details`, nested tables, `<br>` in cells, notes in tables and lists,
 * headings of only an image, only code, only a link, or nothing, long words, URLs and code
 * lines). All three formats are built; `buildToTemp` checks every PDF's fonts.
 */
const fixture = path.resolve(import.meta.dirname, 'fixtures/constructs');
const mm = 72 / 25.4;

let outDir: string;
let messages: string;
let epub: OpenedEpub;
const pdf = () => path.join(outDir, 'casebook.pdf');
const brief = () => path.join(outDir, 'briefs', 'casebook.pdf');

beforeAll(async () => {
  ({outDir, messages} = await buildToTemp(fixture));
  epub = await openEpub(path.join(outDir, 'casebook.epub'));
});

/** Words that reach into the page's side margins (less than `margin` from an edge). */
function outsideTextBlock(pages: PageWords[], margin: number): string[] {
  return pages.flatMap((page, index) =>
    page.words
      .filter((word) => word.xMin < margin || word.xMax > page.width - margin)
      .map(
        (word) => `page ${index + 1}: ${word.text} (${word.xMin.toFixed(1)}–${word.xMax.toFixed(1)} of ${page.width})`
      )
  );
}

/** The element `href` (written in `from`) points at exists, once, in the document it names. */
function expectTarget(from: string, href: string): void {
  const {file, id} = resolveHref(from, href);
  if (id)
    expect(
      findAll(epub.xml(file), (element) => element.attribs.id === id),
      `${file}#${id}`
    ).toHaveLength(1);
}

describe('the construct corpus', () => {
  it('builds with only the warning about its empty heading', () => {
    expect(messages.trim().split('\n')).toEqual([
      expect.stringMatching(/casebook\/05-headings\.md:13:1: warning: Heading has no text.*\[section-title\]$/),
      '0 errors, 1 warning'
    ]);
  });

  it('gives an EPUB that EPUBCheck passes with no fatal error, error or warning', () => {
    const result = epubcheck(path.join(outDir, 'casebook.epub'));
    expect({fatals: result.fatals, errors: result.errors, warnings: result.warnings}, result.output).toEqual({
      fatals: 0,
      errors: 0,
      warnings: 0
    });
  });

  it('writes no presentational attribute, obsolete element, form control or comment into the EPUB', () => {
    const chapters = contentDocuments(epub)
      .map((name) => epub.text(name))
      .join('\n');
    expect(chapters).not.toMatch(
      /\s(align|valign|bgcolor|border|cellpadding|cellspacing|summary|nowrap|hspace|name|width="\d+%")=/
    );
    expect(chapters).not.toMatch(/<(center|font|tt|strike|input)\b/);
    expect(chapters).not.toMatch(/<!--/);
    expect(chapters).not.toContain('A comment that real documents carry');
    expect(chapters).toContain('class="align-right"'); // The table's right-aligned column keeps its alignment as a class.
  });

  it('names every entry of the navigation and points it at an id its document has', () => {
    const nav = epub.xml('OEBPS/toc.xhtml');
    const links = findAll(nav, (element) => element.name === 'a');
    expect(links.length).toBeGreaterThan(10);
    for (const link of links) {
      expect(textOf(link).trim(), link.attribs.href).not.toBe('');
      expectTarget('OEBPS/toc.xhtml', link.attribs.href!);
    }
    const titles = links.map((link) => textOf(link));
    expect(titles).toEqual(expect.arrayContaining(['The flag of the casebook', 'only-code', 'Only a link']));
    for (const point of byName(epub.xml('OEBPS/toc.ncx'), 'content')) expectTarget('OEBPS/toc.ncx', point.attribs.src!);
  });

  it('says what state each task is in, in words, in both editions', () => {
    const chapter = epub.text('OEBPS/02-casebook.xhtml');
    expect(chapter.match(/To do: /g)).toHaveLength(2);
    expect(chapter.match(/Done: /g)).toHaveLength(1);
    const text = pdfText(pdf());
    expect(text.match(/To do:/g)).toHaveLength(2);
    expect(text.match(/Done:/g)).toHaveLength(1);
  });

  it('keeps the text that legacy markup and XML-hostile characters carry', () => {
    const chapter = epub.text('OEBPS/02-casebook.xhtml');
    expect(chapter).toContain(']]&gt; after it');
    const text = pdfText(pdf());
    for (const words of [
      'A centred paragraph from a legacy document.',
      'Text in a font element.',
      'A paragraph inside a span',
      'The hidden part of a details element',
      'text ]]> after it',
      'Teletype text'
    ]) {
      expect(text.replace(/\s+/g, ' ')).toContain(words);
    }
  });

  it('prints a right-aligned column right-aligned and a centred column centred', () => {
    const page = pdfWords(pdf()).find((candidate) => candidate.words.some((word) => word.text === 'North'))!;
    const column = (texts: string[]) => texts.map((text) => page.words.find((word) => word.text === text)!);
    const [header, ...cases] = column(['Cases', '12', '69', '81']);
    // Right-aligned: every figure ends where the heading ends, and starts after it (the heading is wider).
    for (const figure of cases) {
      expect(Math.abs(figure!.xMax - header!.xMax)).toBeLessThan(1);
      expect(figure!.xMin).toBeGreaterThan(header!.xMin + 2);
    }
    const shares = column(['15%', '85%', '100%']);
    const centre = (word: {xMin: number; xMax: number}) => (word.xMin + word.xMax) / 2;
    expect(Math.abs(centre(shares[0]!) - centre(shares[2]!))).toBeLessThan(1);
  });

  it('prints code, Arabic, Greek and Kazakh in the shipped fonts', () => {
    const names = pdfFonts(pdf()).map((font) => font.name); // All of them shipped ones: `buildToTemp` checked.
    expect(names).toEqual(
      expect.arrayContaining([
        'NotoSansMono-Regular',
        'NotoSansMono-Bold',
        'NotoNaskhArabic-Regular',
        'NotoSerif-Italic'
      ])
    );
    const text = pdfText(pdf());
    for (const words of ['Ελλάδα', 'Қазақстан', "const names = ['Қазақстан'"]) expect(text).toContain(words);
    // poppler splits Arabic words where glyphs join differently (the pages show them whole), so compare the letters alone.
    expect(text.replace(/[\s\u200e\u200f\u202a-\u202e]/g, '')).toContain('التقريرالسنويلحقوق');
  });

  it('keeps every word of the report and its brief inside the text block: long words, URLs and code lines wrap', () => {
    expect(outsideTextBlock(pdfWords(pdf()), 17 * mm)).toEqual([]);
    expect(outsideTextBlock(pdfWords(brief()), 17 * mm)).toEqual([]);
  });
});
