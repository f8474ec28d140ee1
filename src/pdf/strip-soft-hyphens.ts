import {constants, deflateSync, inflateSync} from 'node:zlib';
import {
  decodePDFRawStream,
  PDFArray,
  PDFName,
  PDFNumber,
  PDFRawStream,
  PDFRef,
  type PDFDocument,
  type PDFPage
} from 'pdf-lib';

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
      const text = Buffer.from(decode(stream)).toString('latin1');
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

/** A stream's bytes, inflated with Node's zlib when it is plain Flate (pdf-lib's own inflate is several times slower). */
function decode(stream: PDFRawStream): Uint8Array {
  const filter = stream.dict.lookup(PDFName.of('Filter'));
  const plainFlate = filter === PDFName.of('FlateDecode') && !stream.dict.has(PDFName.of('DecodeParms'));
  // Chromium's streams may end without a final block: take what inflates rather than fail.
  return plainFlate
    ? inflateSync(stream.contents, {finishFlush: constants.Z_SYNC_FLUSH})
    : decodePDFRawStream(stream).decode();
}

function flateStream(document: PDFDocument, bytes: Buffer): PDFRawStream {
  const contents = deflateSync(bytes);
  const dict = document.context.obj({Filter: 'FlateDecode'});
  dict.set(PDFName.of('Length'), PDFNumber.of(contents.length));
  return PDFRawStream.of(dict, contents);
}

/** The page's content streams with their references (asking pdf-lib for a stream's reference searches every object). */
function contentStreams(page: PDFPage): Array<[PDFRef, PDFRawStream]> {
  const context = page.doc.context;
  const contents = page.node.get(PDFName.of('Contents'));
  const refs = contents instanceof PDFRef ? [contents] : contents instanceof PDFArray ? contents.asArray() : [];
  const pairs: Array<[PDFRef, PDFRawStream]> = [];
  for (const ref of refs) {
    const stream = ref instanceof PDFRef ? context.lookup(ref) : undefined;
    if (ref instanceof PDFRef && stream instanceof PDFRawStream) pairs.push([ref, stream]);
  }
  return pairs;
}
