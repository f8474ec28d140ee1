import {reportMessages} from '../src/messages/catalogue.js';
import {execFileSync} from 'node:child_process';
import {readdir, readFile} from 'node:fs/promises';
import path from 'node:path';
import {PDFArray, PDFDict, PDFDocument, PDFName, PDFString, PDFHexString} from 'pdf-lib';
import {beforeAll, describe, expect, it} from 'vitest';
import {defaultTemplatesDir} from '../src/project-paths.js';
import {loadReport} from '../src/content/load-report.js';
import {renderBriefBody} from '../src/html/brief-document.js';
import {compileReport} from '../src/html/compile-report.js';
import {createTemplates} from '../src/html/templates.js';
import {StageError} from '../src/diagnostics/errors.js';
import {Progress} from '../src/diagnostics/progress.js';
import {AssetServer} from '../src/browser/asset-server.js';
import {closeBrowser, launchBrowser} from '../src/browser/browser.js';
import {printBriefs, UnknownChapterError} from '../src/pdf/print-briefs.js';
import {readDestinations} from '../src/pdf/read-destinations.js';
import {buildToTemp, captureStream, sampleContent} from './helpers/build.js';
import {pdfInfo, pdfPages} from './helpers/pdf.js';

const fixture = path.resolve(import.meta.dirname, 'fixtures/three-chapters');
const sections = {
  alphaland: ['Alphaland water rights'],
  betaland: ['Betaland assembly restrictions', 'Betaland expression cases'],
  gammaland: ['Gammaland press freedom']
} as const;
type Slug = keyof typeof sections;
const slugs = Object.keys(sections) as Slug[];

/** The text printed in a band of one page (1-based), `from`–`to` points from its top edge: its head or foot. */
function bandText(file: string, page: number, band: 'head' | 'foot'): string {
  const height = Number(/x ([\d.]+) pts/.exec(pdfInfo(file)['Page size']!)![1]);
  const depth = 55; // Less than the brief's margins (16–22 mm, 45–62 pt), more than the margin boxes need.
  const y = band === 'head' ? 0 : Math.floor(height - depth);
  const args = [
    '-enc',
    'UTF-8',
    '-f',
    String(page),
    '-l',
    String(page),
    '-x',
    '0',
    '-y',
    String(y),
    '-W',
    '2000',
    '-H',
    String(depth),
    file,
    '-'
  ];
  return execFileSync('pdftotext', args, {encoding: 'utf8'}).replace(/\s+/g, ' ').trim();
}

/** Every link annotation of a PDF: its named destination, or its URI. */
async function links(file: string): Promise<Array<{dest?: string; uri?: string}>> {
  const document = await PDFDocument.load(await readFile(file), {updateMetadata: false});
  const text = (value: unknown) =>
    value instanceof PDFName
      ? value.decodeText()
      : value instanceof PDFString || value instanceof PDFHexString
        ? value.decodeText()
        : undefined;
  return document.getPages().flatMap((page) => {
    const annots = page.node.lookup(PDFName.of('Annots'));
    if (!(annots instanceof PDFArray)) return [];
    return annots.asArray().flatMap((ref) => {
      const annot = document.context.lookup(ref);
      if (!(annot instanceof PDFDict) || annot.lookup(PDFName.of('Subtype')) !== PDFName.of('Link')) return [];
      const action = annot.lookup(PDFName.of('A'));
      const uri = action instanceof PDFDict ? text(action.lookup(PDFName.of('URI'))) : undefined;
      return [{dest: text(annot.lookup(PDFName.of('Dest'))), uri}];
    });
  });
}

describe('printed briefs of the three-chapter fixture', () => {
  let outDir: string;
  let result: Awaited<ReturnType<typeof buildToTemp>>['result'];
  const brief = (slug: Slug) => path.join(outDir, 'briefs', `${slug}.pdf`);

  beforeAll(async () => {
    ({outDir, result} = await buildToTemp(fixture, {formats: ['briefs']}));
  });

  it('builds one brief per chapter marked `brief: true`, the page size of the report', async () => {
    expect((await readdir(path.join(outDir, 'briefs'))).sort()).toEqual(slugs.map((slug) => `${slug}.pdf`));
    expect(result.files.map((file) => path.basename(file.path)).sort()).toEqual(slugs.map((slug) => `${slug}.pdf`));
    for (const slug of slugs) expect(pdfInfo(brief(slug))['Page size']).toMatch(/^612 x 792 pts/);
  });

  it('holds its own chapter’s sections and endnotes, and none of the other chapters’ sections', () => {
    for (const slug of slugs) {
      const text = pdfPages(brief(slug)).join('\n');
      for (const title of sections[slug]) expect(text).toContain(title);
      for (const other of slugs.filter((entry) => entry !== slug)) {
        for (const title of sections[other]) expect(text).not.toContain(title);
      }
    }
    expect(pdfPages(brief('betaland')).join('\n')).toContain('Fixture source for the Betaland expression section.');
  });

  it('opens with the report title, its edition, the chapter title, the date and the publisher on page 1', () => {
    const first = pdfPages(brief('betaland'))[0]!;
    for (const text of ['Fixture Rights Review', 'Test edition', 'Betaland', 'Fixture Press', '2022'])
      expect(first).toContain(text);
    expect(first).toContain('Қазақстан');
  });

  it('ends with a line naming the report the brief comes from', () => {
    const last = pdfPages(brief('alphaland')).at(-1)!.replace(/\s+/g, ' ');
    expect(last).toMatch(
      /This brief reprints the chapter “Alphaland” of Fixture Rights Review: Test edition, published by Fixture Press/
    );
    // Alphaland links to no other chapter; Betaland does, and the closing line counts its references.
    expect(last).not.toMatch(/full report/);
    const betaland = pdfPages(brief('betaland')).at(-1)!.replace(/\s+/g, ' ');
    expect(betaland).toMatch(
      /\. (One reference to another chapter points|\d+ references to other chapters point) to the full report\./
    );
  });

  it('turns a link to another chapter into plain text naming that chapter, not a dead link', async () => {
    // Words joined again where a line ends in a hyphenation break (pdftotext shows it as U+2010).
    const text = pdfPages(brief('betaland'))
      .join(' ')
      .replace(/\u2010\s+/g, '')
      .replace(/\s+/g, ' ');
    expect(text).toContain('the neighbouring chapter on Alphaland (see “Alphaland” in the full report)');
    const found = await links(brief('betaland'));
    const destinations = await readDestinations(await readFile(brief('betaland')));
    // The link to its own second section stays a link; every link lands somewhere in the brief.
    expect(found.map((link) => link.dest)).toContain('betaland--betaland-expression-cases');
    for (const link of found) {
      if (link.dest !== undefined) expect(destinations.has(link.dest), `destination ${link.dest}`).toBe(true);
      else expect(link.uri ?? '').not.toMatch(/^https:\/\/folio\.invalid|^#|alphaland/);
    }
    expect(found.some((link) => /alphaland/.test(`${link.dest ?? ''}${link.uri ?? ''}`))).toBe(false);
  });

  it('prints “page N of M” at the foot of every page', () => {
    const pages = pdfPages(brief('betaland')).length;
    expect(pages).toBeGreaterThan(1);
    for (let page = 1; page <= pages; page++)
      expect(bandText(brief('betaland'), page, 'foot')).toContain(`page ${page} of ${pages}`);
  });

  it('runs the chapter title as a head from page 2 on, not on page 1', () => {
    expect(bandText(brief('betaland'), 1, 'head')).toBe('');
    expect(bandText(brief('betaland'), 2, 'head')).toContain('Betaland');
    expect(bandText(brief('betaland'), 2, 'head')).toContain('Fixture Rights Review');
  });

  it('carries the chapter and report as its metadata title, tagged, with bookmarks', () => {
    const info = pdfInfo(brief('gammaland'));
    expect(info.Title).toBe('Gammaland: Fixture Rights Review');
    expect(info.Tagged).toBe('yes');
    expect(info.Author).toBe('Fixture research team');
    const outline = execFileSync('qpdf', ['--json', '--json-key=outlines', brief('betaland')], {encoding: 'utf8'});
    expect(JSON.parse(outline).outlines.map((entry: {title: string}) => entry.title)).toEqual(['Betaland']);
  });
});

describe('the HTML of a brief', () => {
  it('links only to ids the brief itself carries', async () => {
    const {report} = await loadReport(fixture);
    const compiled = await compileReport(report!, await reportMessages(report!));
    const betaland = compiled.chapters.find((chapter) => chapter.slug === 'betaland')!;
    const html = renderBriefBody(compiled, betaland, createTemplates(defaultTemplatesDir));
    const ids = new Set([...html.matchAll(/ id="([^"]+)"/g)].map((match) => match[1]));
    const targets = [...html.matchAll(/ href="#([^"]*)"/g)].map((match) => match[1]);
    expect(targets).toContain('betaland--betaland-expression-cases');
    expect(targets.filter((id) => !ids.has(id))).toEqual([]);
    // Soft hyphens (inserted for print) are invisible; compare the text without them.
    expect(html.replaceAll('\u00AD', '')).toContain(
      '<span class="unlinked">the neighbouring chapter on Alphaland (see “Alphaland” in the full report)</span>'
    );
  });
});

describe('a brief that fails', () => {
  it('names its chapter, reports progress as briefs finish, and starts no brief after it', async () => {
    const {report} = await loadReport(fixture);
    const compiled = await compileReport(report!, await reportMessages(report!));
    const templates = createTemplates(defaultTemplatesDir);
    // The real template, except that the second chapter's rendering breaks.
    const breaking = Object.create(templates, {
      render: {
        value: (name: string, context: {chapter?: {slug: string}}) => {
          if (context.chapter?.slug === 'betaland') throw new Error('the template broke');
          return templates.render(name, context);
        }
      }
    });
    const stream = captureStream();
    const browser = await launchBrowser();
    try {
      const context = {
        browser: async () => browser,
        assets: new AssetServer(compiled.contentDir, defaultTemplatesDir),
        templates: breaking,
        date: new Date(0)
      };
      const attempt = printBriefs(compiled, context, {only: [], progress: new Progress(false, stream)});
      await expect(attempt).rejects.toThrow(StageError);
      await expect(attempt).rejects.toThrow('brief betaland: the template broke');
    } finally {
      await closeBrowser(browser);
    }
    expect(stream.text()).toBe('folio: briefs 1/3 alphaland (1 page)\n');
  });
});

describe('choosing briefs with `chapters`', () => {
  it('builds only the chapter asked for, and the same bytes twice for the same SOURCE_DATE_EPOCH', async () => {
    const previous = process.env.SOURCE_DATE_EPOCH;
    process.env.SOURCE_DATE_EPOCH = '1646092800';
    try {
      const first = await buildToTemp(fixture, {formats: ['briefs'], chapters: ['gammaland']});
      const second = await buildToTemp(fixture, {formats: ['briefs'], chapters: ['gammaland']});
      expect(await readdir(path.join(first.outDir, 'briefs'))).toEqual(['gammaland.pdf']);
      const file = path.join(first.outDir, 'briefs', 'gammaland.pdf');
      expect(pdfInfo(file).CreationDate).toMatch(/^2022-03-01T00:00:00/);
      expect(
        Buffer.compare(await readFile(file), await readFile(path.join(second.outDir, 'briefs', 'gammaland.pdf')))
      ).toBe(0);
    } finally {
      if (previous === undefined) delete process.env.SOURCE_DATE_EPOCH;
      else process.env.SOURCE_DATE_EPOCH = previous;
    }
  });

  it('rejects an unknown chapter with the slugs there are, before writing anything', async () => {
    const attempt = buildToTemp(fixture, {formats: ['briefs'], chapters: ['deltaland']});
    await expect(attempt).rejects.toThrow(UnknownChapterError);
    await expect(attempt).rejects.toThrow(
      'No chapter `deltaland` in the report; use one of `alphaland`, `betaland`, `gammaland`'
    );
  });
});

describe('the sample report’s brief', () => {
  it('builds the Kazakhstan brief with its names intact', async () => {
    const {outDir, result} = await buildToTemp(sampleContent, {formats: ['briefs']});
    const file = path.join(outDir, 'briefs', 'kazakhstan.pdf');
    // And the Russian edition's brief of the same chapter (the Kazakh edition prints none).
    const russian = path.join(outDir, 'briefs', 'kazakhstan.ru.pdf');
    expect(result.files.map((entry) => entry.path)).toEqual([file, russian]);
    const russianText = pdfPages(russian).join('\n').replace(/\s+/g, ' ');
    for (const name of ['Казахстан', 'Асия Тулесова', 'Алнур Ильяшев', 'Макс Бокаев', 'Қасым-Жомарт Тоқаев'])
      expect(russianText).toContain(name);
    const pages = pdfPages(file);
    expect(pages[0]).toContain('Human Rights in Europe and Central Asia');
    expect(pages[0]).toContain('Kazakhstan');
    expect(pages.join('\n')).toContain('Қазақстан Республикасы');
    expect(pages.join('\n')).toContain('Freedom of assembly');
    expect(pages.join('\n')).not.toContain('regional overview');
    expect(pdfInfo(file).Title).toBe('Kazakhstan: Human Rights in Europe and Central Asia');
  });
});
