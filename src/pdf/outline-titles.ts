import {PDFDict, PDFHexString, PDFName, PDFString, type PDFDocument} from 'pdf-lib';

/**
 * Chromium builds bookmark titles from the laid-out heading and drops the space where a
 * heading wraps ("regional overview" becomes "regionaloverview"). Put back each heading's
 * real text, matched by its letters without white space.
 */
export function restoreOutlineTitles(document: PDFDocument, headings: readonly string[]): void {
  const byLetters = new Map(headings.map((heading) => [letters(heading), heading]));
  const outlines = document.catalog.lookup(PDFName.of('Outlines'));
  if (!(outlines instanceof PDFDict)) return;
  const visit = (first: unknown) => {
    for (let item = first; item instanceof PDFDict; item = item.lookup(PDFName.of('Next'))) {
      const title = item.lookup(PDFName.of('Title'));
      if (title instanceof PDFString || title instanceof PDFHexString) {
        const real = byLetters.get(letters(title.decodeText()));
        if (real !== undefined && real !== title.decodeText()) item.set(PDFName.of('Title'), PDFHexString.fromText(real));
      }
      visit(item.lookup(PDFName.of('First')));
    }
  };
  visit(outlines.lookup(PDFName.of('First')));
}

function letters(text: string): string {
  return text.replace(/[\s\u00AD]+/g, '');
}
