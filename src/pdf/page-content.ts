import {PDFDict, PDFName, PDFRawStream, type PDFDocument, type PDFPage} from 'pdf-lib';
import {contentStreams, decodeStream, flateStream} from './streams.js';

/** An edit of a page's content stream, decoded to Latin-1 text (one character per byte), on its page. */
export type ContentEdit = (content: string, page: PDFPage) => string;

/**
 * Apply `edits`, in order, to every content stream of every page, decoding and compressing
 * each stream once however many edits there are; a stream the edits leave as it was is kept.
 */
export function editPageContent(document: PDFDocument, edits: readonly ContentEdit[]): void {
  for (const page of document.getPages()) {
    for (const [ref, stream] of contentStreams(page)) {
      const content = Buffer.from(decodeStream(stream)).toString('latin1');
      const edited = edits.reduce((text, edit) => edit(text, page), content);
      if (edited !== content) document.context.assign(ref, flateStream(document, Buffer.from(edited, 'latin1')));
    }
  }
}

/**
 * The names (`/X21`) of the page's form XObjects that hold tagged content of their own, or paint
 * a form that does: Chromium draws some SVG marks (a point with opacity, say) as a form whose
 * content carries its MCIDs, so the `Do` that paints it is tagged content too, though no marked
 * content surrounds it.
 */
export function formsWithTaggedContent(page: PDFPage): Set<string> {
  const names = new Set<string>();
  const forms = page.node.Resources()?.lookup(PDFName.of('XObject'));
  if (!(forms instanceof PDFDict)) return names;
  for (const [name, ref] of forms.entries())
    if (holdsTaggedContent(page.doc.context.lookup(ref), page, 0)) names.add(name.toString());
  return names;
}

/** Whether a form, or a form it paints (to a few levels), has marked content with an MCID. */
function holdsTaggedContent(form: unknown, page: PDFPage, depth: number): boolean {
  if (!(form instanceof PDFRawStream) || form.dict.lookup(PDFName.of('Subtype')) !== PDFName.of('Form')) return false;
  if (Buffer.from(decodeStream(form)).toString('latin1').includes('/MCID')) return true;
  const inner = form.dict.lookup(PDFName.of('Resources'));
  const forms = inner instanceof PDFDict ? inner.lookup(PDFName.of('XObject')) : undefined;
  if (depth >= 8 || !(forms instanceof PDFDict)) return false;
  return forms.entries().some(([, ref]) => holdsTaggedContent(page.doc.context.lookup(ref), page, depth + 1));
}
