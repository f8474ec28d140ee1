import type {PDFDocument} from 'pdf-lib';
import {contentStreams, decodeStream, flateStream} from './streams.js';

const actualText = /\/ActualText\s*<(feff(?:[0-9a-f]{4})*)>/gi;

/**
 * Chromium marks every soft hyphen it did not break at with `/ActualText <feff00ad>`, so a
 * search for "international" would not find "in­ter­na­tion­al". Remove U+00AD from every
 * ActualText of the pages' content: unbroken soft hyphens then extract as nothing, and a
 * line broken at one still shows (and copies) its visible hyphen.
 */
export function stripSoftHyphens(document: PDFDocument): number {
  let stripped = 0;
  for (const page of document.getPages()) {
    for (const [ref, stream] of contentStreams(page)) {
      const text = Buffer.from(decodeStream(stream)).toString('latin1');
      if (!text.includes('ActualText')) continue;
      const cleaned = text.replace(actualText, (_match, hex: string) => {
        const units = hex.match(/.{4}/g)!.filter((unit) => unit.toLowerCase() !== '00ad');
        stripped += hex.length / 4 - units.length;
        return `/ActualText <${units.length > 1 ? units.join('') : ''}>`;
      });
      if (cleaned === text) continue;
      document.context.assign(ref, flateStream(document, Buffer.from(cleaned, 'latin1')));
    }
  }
  return stripped;
}
