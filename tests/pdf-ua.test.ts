import {readFile} from 'node:fs/promises';
import path from 'node:path';
import {
  PDFArray,
  PDFDict,
  PDFDocument,
  PDFHexString,
  PDFName,
  PDFNumber,
  PDFOperator,
  PDFOperatorNames,
  PDFRawStream,
  PDFRef,
  PDFString,
  type PDFObject
} from 'pdf-lib';
import {beforeAll, describe, expect, it} from 'vitest';
import {AssetServer} from '../src/browser/asset-server.js';
import {closeBrowser, launchBrowser, printHtml} from '../src/browser/browser.js';
import {printChapterBodies, renderWholeReport} from '../src/html/print-document.js';
import {createTemplates} from '../src/html/templates.js';
import {defaultTemplatesDir} from '../src/project-paths.js';
import {checkReport} from '../src/build.js';
import {buildToTemp, captureStream, sampleContent} from './helpers/build.js';
import {checkPdfUa, type UaReport} from './helpers/pdf-ua.js';
import {structureText} from './helpers/pdf-reading-order.js';

/**
 * The PDF/UA-1 checker (tests/helpers/pdf-ua.ts) on Folio's PDFs, and on PDFs made to break each
 * rule it covers: a checker that passes everything would pass those too. `buildToTemp` runs the
 * same checker on every PDF any test builds.
 */

let report: Uint8Array;
let brief: Uint8Array;
let reportFile: string;

beforeAll(async () => {
  const {outDir} = await buildToTemp(sampleContent, {formats: ['pdf', 'briefs']});
  reportFile = path.join(outDir, 'human-rights-2020-21.pdf');
  report = await readFile(reportFile);
  brief = await readFile(path.join(outDir, 'briefs', 'kazakhstan.pdf'));
});

const rules = (result: UaReport) => [...new Set(result.failures.map((failure) => failure.rule))].sort();

describe('the PDF/UA-1 checker', () => {
  it('passes the sample report and its brief, having looked at their content', async () => {
    for (const bytes of [report, brief]) {
      const result = await checkPdfUa(bytes);
      expect(result.failures).toEqual([]);
      expect(result.elements).toBeGreaterThan(400);
      expect(result.paintedRuns).toBeGreaterThan(10_000);
      expect(result.artifacts).toBeGreaterThan(20); // Running heads, folios, leaders, rules.
      expect(result.links).toBeGreaterThan(50);
    }
  });

  it('fails what Chromium prints before Folio mends it, on the conditions Folio mends', async () => {
    // Compiled as a build compiles it, charts included.
    const compiled = await checkReport(sampleContent, {stderr: captureStream()});
    const templates = createTemplates(defaultTemplatesDir);
    const browser = await launchBrowser();
    let raw: Uint8Array;
    try {
      const layout = {pages: {}, blankAfter: new Set<string>(), blankAfterFront: false};
      const html = renderWholeReport(compiled, printChapterBodies(compiled), templates, layout);
      raw = await printHtml(browser, new AssetServer(sampleContent, defaultTemplatesDir), html, {
        tagged: true,
        outline: true
      });
    } finally {
      await closeBrowser(browser);
    }
    const result = await checkPdfUa(raw);
    // Untagged running heads and folios; PDF 2.0's Em; endnotes and contents entries that are no
    // LI/LBody; HTML's figure as a Figure without Alt; note links that are no Link; links with no
    // description; no XMP.
    expect(rules(result)).toEqual(['01-005', '02-001', '06-001', '09-005', '13-004', '28-011', '28-012']);
  });

  const breakers: Array<[string, string, (document: PDFDocument) => void]> = [
    ['tagged', 'no MarkInfo', (document) => document.catalog.delete(PDFName.of('MarkInfo'))],
    [
      '01-007',
      'Suspects true',
      (document) => document.catalog.set(PDFName.of('MarkInfo'), document.context.obj({Marked: true, Suspects: true}))
    ],
    [
      '01-005',
      'text drawn outside the structure tree',
      (document) => void document.getPage(3).drawText('Unmarked', {x: 50, y: 50, size: 9})
    ],
    [
      '01-005',
      'marked content that no element owns',
      (document) =>
        pushContent(document, 3, [['BDC', PDFName.of('P'), document.context.obj({MCID: 999})], ...box, ['EMC']])
    ],
    [
      '01-003',
      'an artifact inside tagged content',
      (document) =>
        pushContent(document, 3, [
          ['BDC', PDFName.of('P'), document.context.obj({MCID: 0})],
          ['BMC', PDFName.of('Artifact')],
          ...box,
          ['EMC'],
          ['EMC']
        ])
    ],
    [
      '01-004',
      'tagged content inside an artifact',
      (document) =>
        pushContent(document, 3, [
          ['BMC', PDFName.of('Artifact')],
          ['BDC', PDFName.of('P'), document.context.obj({MCID: 0})],
          ...box,
          ['EMC'],
          ['EMC']
        ])
    ],
    ['02-001', 'a type with no role map', (document) => retype(document, 'P', 'Paragraph')],
    ['02-001', 'Em without its role map', (document) => roleMap(document).delete(PDFName.of('Em'))],
    [
      '02-003',
      'a circular role map',
      (document) => {
        retype(document, 'P', 'Para');
        roleMap(document).set(PDFName.of('Para'), PDFName.of('Graf'));
        roleMap(document).set(PDFName.of('Graf'), PDFName.of('Para'));
      }
    ],
    ['02-004', 'a standard type remapped', (document) => roleMap(document).set(PDFName.of('H1'), PDFName.of('P'))],
    ['06-001', 'no XMP', (document) => document.catalog.delete(PDFName.of('Metadata'))],
    [
      '06-002',
      'XMP without the PDF/UA identifier',
      (document) => editXmp(document, (xml) => xml.replace(/<pdfuaid:part>1<\/pdfuaid:part>/, ''))
    ],
    [
      '06-003',
      'XMP without dc:title',
      (document) => editXmp(document, (xml) => xml.replace(/<dc:title>[\s\S]*?<\/dc:title>/, ''))
    ],
    [
      '07-001',
      'no DisplayDocTitle',
      (document) => document.catalog.set(PDFName.of('ViewerPreferences'), document.context.obj({}))
    ],
    [
      '07-002',
      'DisplayDocTitle false',
      (document) =>
        document.catalog.set(PDFName.of('ViewerPreferences'), document.context.obj({DisplayDocTitle: false}))
    ],
    ['09-004', 'a cell outside a row', (document) => retype(document, 'TR', 'Div')],
    ['09-005', 'a list item outside a list', (document) => retype(document, 'L', 'Div', 1)],
    ['09-005', 'a list item without LBody', (document) => retype(document, 'LBody', 'Div', 1)],
    ['11-006', 'no document language', (document) => document.catalog.delete(PDFName.of('Lang'))],
    [
      '11-006',
      'a passage language that is no tag',
      (document) => elements(document, 'Span')[0]!.set(PDFName.of('Lang'), PDFString.of('Kazakh!'))
    ],
    [
      '13-004',
      'a figure without Alt',
      (document) => elements(document, 'Figure').forEach((figure) => figure.delete(PDFName.of('Alt')))
    ],
    ['14-002', 'a first heading that is not H1', (document) => retype(document, 'H1', 'H2')],
    ['14-003', 'a heading that skips a level', (document) => retype(document, 'H3', 'H5', 1)],
    [
      '15-003',
      'a TH without Scope',
      (document) => elements(document, 'TH').forEach((cell) => cell.delete(PDFName.of('A')))
    ],
    ['28-008', 'a page with links and no Tabs', (document) => document.getPage(3).node.delete(PDFName.of('Tabs'))],
    ['28-009', 'Tabs that are not S', (document) => document.getPage(3).node.set(PDFName.of('Tabs'), PDFName.of('R'))],
    ['28-011', 'a link that no Link element owns', (document) => retype(document, 'Link', 'Span')],
    ['28-012', 'a link without Contents', (document) => linkAnnotations(document)[0]!.delete(PDFName.of('Contents'))],
    [
      '31-009',
      'a font that is not embedded',
      (document) => {
        for (const [, object] of document.context.enumerateIndirectObjects())
          if (object instanceof PDFDict && object.lookup(PDFName.of('Type')) === PDFName.of('FontDescriptor'))
            for (const key of ['FontFile', 'FontFile2', 'FontFile3']) object.delete(PDFName.of(key));
      }
    ]
  ];

  it.each(breakers)('finds %s in a PDF with %s', async (rule, _what, breakPdf) => {
    const document = await PDFDocument.load(report, {updateMetadata: false});
    breakPdf(document);
    const result = await checkPdfUa(await document.save({useObjectStreams: false}));
    expect(rules(result)).toContain(rule);
  });
});

describe('the reading order of the structure tree', () => {
  it('reads the cover first, the contents before chapter 1, and each chapter’s notes after its text', async () => {
    const blocks = await structureText(report);
    const headings = blocks.filter((block) => /^H[1-6]$/.test(block.type)).map((block) => block.text);
    const paragraphs = blocks.filter((block) => block.type === 'P' || /^H[1-6]$/.test(block.type));
    // The cover's publisher line (in spaced capitals, which pdf.js reads letter by letter), then its title.
    expect(paragraphs[0]!.text.replace(/\s/g, '')).toBe('FOLIOSAMPLEPRESS');
    expect(paragraphs[1]!.text).toBe('Human Rights in Europe and Central Asia');
    const at = (text: string) => headings.indexOf(text);
    expect(at('Human Rights in Europe and Central Asia')).toBe(0); // The title page's H1.
    expect(at('Contents')).toBe(1);
    expect(at('Foreword')).toBe(2);
    const kazakhstan = at('Kazakhstan');
    const notes = headings.lastIndexOf('Notes');
    expect(kazakhstan).toBeGreaterThan(at('Foreword'));
    expect(notes).toBe(headings.length - 1);
    expect(at('Rights of people with disabilities')).toBeLessThan(notes);
    expect(at('Rights of people with disabilities')).toBeGreaterThan(kazakhstan);
    // A name in Kazakh is a Span with its language.
    expect(
      blocks.some((block) => block.type === 'Span' && block.lang === 'kk' && /Қ|ә|ұ|ү|ө|ғ|ң|һ|і/.test(block.text))
    ).toBe(true);
  });
});

/** A small filled square, to paint with. */
const box: Operation[] = [['re', 0, 0, 5, 5], ['f']];

/** An operator and its operands (numbers, or PDF objects such as names and dictionaries). */
type Operation = [string, ...Array<number | PDFObject>];

/** Add operators at the end of page `page`'s content. */
function pushContent(document: PDFDocument, page: number, operations: Operation[]): void {
  document.getPage(page).pushOperators(
    ...operations.map(([operator, ...operands]) =>
      PDFOperator.of(
        operator as PDFOperatorNames,
        // pdf-lib's operand type leaves out dictionaries, which BDC takes and pdf-lib writes as any other object.
        operands.map((operand) => (typeof operand === 'number' ? PDFNumber.of(operand) : (operand as PDFName)))
      )
    )
  );
}

/** Every structure element of type `type`, in object order. */
function elements(document: PDFDocument, type: string): PDFDict[] {
  return [...document.context.enumerateIndirectObjects()]
    .map(([, object]) => object)
    .filter(
      (object): object is PDFDict =>
        object instanceof PDFDict &&
        object.lookup(PDFName.of('Type')) === PDFName.of('StructElem') &&
        object.lookup(PDFName.of('S')) === PDFName.of(type)
    );
}

/** Give the first `count` elements of type `from` (every one when `count` is absent) the type `to`. */
function retype(document: PDFDocument, from: string, to: string, count?: number): void {
  const found = elements(document, from);
  expect(found.length, `elements of type ${from}`).toBeGreaterThan(0);
  for (const element of found.slice(0, count)) element.set(PDFName.of('S'), PDFName.of(to));
}

function roleMap(document: PDFDocument): PDFDict {
  const root = document.catalog.lookup(PDFName.of('StructTreeRoot'), PDFDict);
  const map = root.lookup(PDFName.of('RoleMap'));
  if (map instanceof PDFDict) return map;
  const created = document.context.obj({});
  root.set(PDFName.of('RoleMap'), created);
  return created;
}

function editXmp(document: PDFDocument, edit: (xml: string) => string): void {
  const stream = document.catalog.lookup(PDFName.of('Metadata'));
  if (!(stream instanceof PDFRawStream)) throw new Error('no XMP stream');
  const before = Buffer.from(stream.getContents()).toString('utf8');
  const xml = edit(before);
  expect(xml).not.toBe(before);
  const replaced = document.context.stream(Buffer.from(xml, 'utf8'), {Type: 'Metadata', Subtype: 'XML'});
  document.catalog.set(PDFName.of('Metadata'), document.context.register(replaced));
}

function linkAnnotations(document: PDFDocument): PDFDict[] {
  return document.getPages().flatMap((page) => {
    const annotations = page.node.lookup(PDFName.of('Annots'));
    return (annotations instanceof PDFArray ? annotations.asArray() : [])
      .map((ref) => (ref instanceof PDFRef ? document.context.lookup(ref) : ref))
      .filter(
        (annotation): annotation is PDFDict =>
          annotation instanceof PDFDict &&
          annotation.lookup(PDFName.of('Subtype')) === PDFName.of('Link') &&
          (annotation.lookup(PDFName.of('Contents')) instanceof PDFHexString ||
            annotation.lookup(PDFName.of('Contents')) instanceof PDFString)
      );
  });
}
