import type {PDFDocument} from 'pdf-lib';
import {contentStreams, decodeStream, flateStream} from './streams.js';

/** An edit of a page's content stream, decoded to Latin-1 text (one character per byte). */
export type ContentEdit = (content: string) => string;

/**
 * Apply `edits`, in order, to every content stream of every page, decoding and compressing
 * each stream once however many edits there are; a stream the edits leave as it was is kept.
 */
export function editPageContent(document: PDFDocument, edits: readonly ContentEdit[]): void {
  for (const page of document.getPages()) {
    for (const [ref, stream] of contentStreams(page)) {
      const content = Buffer.from(decodeStream(stream)).toString('latin1');
      const edited = edits.reduce((text, edit) => edit(text), content);
      if (edited !== content) document.context.assign(ref, flateStream(document, Buffer.from(edited, 'latin1')));
    }
  }
}
