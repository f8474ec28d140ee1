import {PDFHexString, PDFName, type PDFDocument} from 'pdf-lib';

/**
 * Page labels, so that a viewer's page box shows what the folios say: "Cover", then the front
 * matter in lower-case roman numerals from the title page (i, ii, iii…, as printed), then the
 * body in arabic numerals from 1 at `bodyStart` (0-based page index).
 */
export function setPageLabels(document: PDFDocument, bodyStart: number, coverLabel: string): void {
  const context = document.context;
  const ranges = [
    0,
    context.obj({P: PDFHexString.fromText(coverLabel)}),
    1,
    context.obj({S: 'r'}),
    bodyStart,
    context.obj({S: 'D'})
  ];
  document.catalog.set(
    PDFName.of('PageLabels'),
    context.obj({Nums: bodyStart > 1 ? ranges : [0, context.obj({S: 'D'})]})
  );
}
