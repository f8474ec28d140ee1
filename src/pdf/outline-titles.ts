import {PDFDict, PDFHexString, PDFName, PDFString, type PDFDocument} from 'pdf-lib';

/**
 * Chromium builds bookmark titles from the laid-out heading: it drops the space where a
 * heading wraps ("regional overview" becomes "regionaloverview"), and repeats the text of a
 * heading that it laid out twice because it moved to the next page ("LGBTI rightsLGBTI rights").
 * Put back each heading's real text, matched by its letters without white space.
 */
export function restoreOutlineTitles(document: PDFDocument, headings: readonly string[]): void {
  const byLetters = new Map(headings.map((heading) => [letters(heading), heading]));
  const outlines = document.catalog.lookup(PDFName.of('Outlines'));
  if (!(outlines instanceof PDFDict)) return;
  const visit = (first: unknown) => {
    for (let item = first; item instanceof PDFDict; item = item.lookup(PDFName.of('Next'))) {
      const title = item.lookup(PDFName.of('Title'));
      if (title instanceof PDFString || title instanceof PDFHexString) {
        const written = letters(title.decodeText());
        const real = byLetters.get(written) ?? byLetters.get(repeatedUnit(written));
        if (real !== undefined && real !== title.decodeText())
          item.set(PDFName.of('Title'), PDFHexString.fromText(real));
      }
      visit(item.lookup(PDFName.of('First')));
    }
  };
  visit(outlines.lookup(PDFName.of('First')));
}

/** The shortest text that `text` is a repetition of (`abab` → `ab`); `text` itself when it repeats nothing. */
function repeatedUnit(text: string): string {
  const period = (text + text).indexOf(text, 1);
  return text.slice(0, period);
}

function letters(text: string): string {
  return text.replace(/[\s\u00AD]+/g, '');
}
