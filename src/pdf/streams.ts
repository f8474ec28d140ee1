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

/** A stream's bytes, inflated with Node's zlib when it is plain Flate (pdf-lib's own inflate is several times slower). */
export function decodeStream(stream: PDFRawStream): Uint8Array {
  const filter = stream.dict.lookup(PDFName.of('Filter'));
  const plainFlate = filter === PDFName.of('FlateDecode') && !stream.dict.has(PDFName.of('DecodeParms'));
  // Chromium's streams may end without a final block: take what inflates rather than fail.
  return plainFlate
    ? inflateSync(stream.contents, {finishFlush: constants.Z_SYNC_FLUSH})
    : decodePDFRawStream(stream).decode();
}

/** A Flate-compressed stream of `bytes`, to replace a page's content. */
export function flateStream(document: PDFDocument, bytes: Buffer): PDFRawStream {
  const contents = deflateSync(bytes);
  const dict = document.context.obj({Filter: 'FlateDecode'});
  dict.set(PDFName.of('Length'), PDFNumber.of(contents.length));
  return PDFRawStream.of(dict, contents);
}

/** The page's content streams with their references (asking pdf-lib for a stream's reference searches every object). */
export function contentStreams(page: PDFPage): Array<[PDFRef, PDFRawStream]> {
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
