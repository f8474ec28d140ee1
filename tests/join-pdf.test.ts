import {PDFArray, PDFDict, PDFName, PDFRef} from 'pdf-lib';
import {describe, expect, it} from 'vitest';
import {partAnchors} from '../src/html/print-document.js';
import {AssetServer} from '../src/browser/asset-server.js';
import {closeBrowser, launchBrowser, withPartPrinter} from '../src/browser/browser.js';
import {linkLabels} from '../src/html/link-labels.js';
import {loadPdf, tidyPrintedPdf} from '../src/pdf/finish-pdf.js';
import {PdfJoiner} from '../src/pdf/join-pdf.js';
import {readDestinations} from '../src/pdf/read-destinations.js';
import {defaultTemplatesDir} from '../src/project-paths.js';
import {sampleContent} from './helpers/build.js';
import {tagProblems} from './helpers/pdf-tags.js';

const shell =
  '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Parts</title><style>@page { size: A5; } h1 { break-before: page; }</style></head><body></body></html>';

describe('joining PDFs printed in parts', () => {
  it('keeps links between parts, one sound structure tree, the outline in order, and a role map', async () => {
    // Part A links to an id in part B; B holds the id, and a hidden link that makes Chromium write its destination.
    const partA = `<h1 id="a">Part A</h1><p>See <a href="#b-target">the table in part B</a>.</p><h1 id="a2">More of A</h1><p>Text.</p>${partAnchors([], ['b-target'])}`;
    const partB = `<h1 id="b">Part B</h1><table id="b-target"><tr><th>Head</th></tr><tr><td>Cell</td></tr></table>${partAnchors(['b-target'], [])}`;
    const browser = await launchBrowser();
    let printed: Uint8Array[];
    try {
      printed = await withPartPrinter(
        browser,
        new AssetServer(sampleContent, defaultTemplatesDir),
        shell,
        async (print) => [
          await print({body: partA}, {tagged: true, outline: true}),
          await print({body: partB}, {tagged: true, outline: true})
        ]
      );
    } finally {
      await closeBrowser(browser);
    }
    const [a, b] = await Promise.all(printed.map((bytes) => loadPdf(bytes)));
    tidyPrintedPdf(a!, linkLabels(partA), 'a-');
    tidyPrintedPdf(b!, linkLabels(partB), 'b-');
    // As if Chromium had written a role map: it must survive the join.
    a!.context
      .lookup(a!.catalog.get(PDFName.of('StructTreeRoot')), PDFDict)
      .set(PDFName.of('RoleMap'), a!.context.obj({Chapter: 'Sect'}));
    const joiner = await PdfJoiner.create();
    joiner.append({document: b!, borrowed: new Set()});
    joiner.prepend({document: a!, borrowed: new Set(['b-target'])});
    joiner.insertBlank(2);
    const joined = joiner.finish();
    expect(joined.getPageCount()).toBe(4); // A's two pages, the blank, B's page.
    const bytes = await joined.save();

    const destinations = await readDestinations(bytes);
    expect(destinations.get('b-target')).toBe(3); // Part B's page, not the placeholder in part A.
    const tags = await tagProblems(bytes);
    expect(tags.problems).toEqual([]);
    expect(tags.links).toBe(1);
    const reread = await loadPdf(bytes);
    const root = reread.context.lookup(reread.catalog.get(PDFName.of('StructTreeRoot')), PDFDict);
    expect(String(root.lookup(PDFName.of('RoleMap'), PDFDict).get(PDFName.of('Chapter')))).toBe('/Sect');
    // The outline: A's two headings, then B's, pointing at pages 1, 2 and 4.
    const pages = reread.getPages().map((page) => page.ref.toString());
    const titles: Array<[string, number]> = [];
    const outlines = reread.catalog.lookup(PDFName.of('Outlines'), PDFDict);
    for (
      let item = outlines.lookup(PDFName.of('First'));
      item instanceof PDFDict;
      item = item.lookup(PDFName.of('Next'))
    ) {
      const target = item.lookup(PDFName.of('Dest'), PDFArray).get(0) as PDFRef;
      titles.push([item.lookup(PDFName.of('Title'))!.toString(), pages.indexOf(target.toString())]);
    }
    expect(titles.map(([, page]) => page)).toEqual([0, 1, 3]);
  });

  it('refuses to finish when a link borrows a destination no part holds', async () => {
    const browser = await launchBrowser();
    let printed: Uint8Array;
    try {
      printed = await withPartPrinter(browser, new AssetServer(sampleContent, defaultTemplatesDir), shell, (print) =>
        print(
          {body: `<h1>Alone</h1><p><a href="#nowhere">a link</a></p>${partAnchors([], ['nowhere'])}`},
          {tagged: true, outline: true}
        )
      );
    } finally {
      await closeBrowser(browser);
    }
    const joiner = await PdfJoiner.create();
    joiner.append({document: await loadPdf(printed), borrowed: new Set(['nowhere'])});
    expect(() => joiner.finish()).toThrow('No part holds the destination of `nowhere`');
  });
});
