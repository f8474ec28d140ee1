import {PDFDocument} from 'pdf-lib';
import type {ReportMeta} from '../content/model.js';
import {normalizeStructureIds} from './normalize-ids.js';
import {restoreOutlineTitles} from './outline-titles.js';
import {stripSoftHyphens} from './strip-soft-hyphens.js';
import {addXmpMetadata} from './xmp-metadata.js';

/** The PDF producer, in the Info dictionary and in XMP. */
const producer = 'Folio with Chromium (Skia/PDF) and pdf-lib';

/** Metadata written into a PDF. */
export interface PdfMetadata {
  title: string;
  meta: ReportMeta;
  date: Date;
  /** The text of every heading, to mend bookmark titles (see `restoreOutlineTitles`). */
  headings: readonly string[];
}

/**
 * Replace Chromium's metadata (its user agent as creator, the wall-clock time) with the
 * report's, in the Info dictionary and as XMP: title shown in the window title bar, authors,
 * subject, keywords, language, creator "Folio", and dates from `buildDate`; make soft hyphens invisible to search and copy,
 * mend bookmark titles, and number structure ids so that the same input gives the same bytes.
 * The tagged structure and outline are kept.
 */
export async function finishPdf(pdf: Uint8Array | PDFDocument, {title, meta, date, headings}: PdfMetadata): Promise<{pdf: Uint8Array; pages: number}> {
  const document = pdf instanceof PDFDocument ? pdf : await PDFDocument.load(pdf, {updateMetadata: false});
  stripSoftHyphens(document);
  restoreOutlineTitles(document, headings);
  normalizeStructureIds(document);
  document.setTitle(title, {showInWindowTitleBar: true});
  document.setAuthor(meta.authors.join(', '));
  document.setSubject(meta.description);
  document.setKeywords(meta.keywords);
  document.setCreator('Folio');
  document.setProducer(producer);
  document.setLanguage(meta.language);
  document.setCreationDate(date);
  document.setModificationDate(date);
  addXmpMetadata(document, {title, authors: meta.authors, description: meta.description, keywords: meta.keywords, language: meta.language, date, producer});
  const bytes = await document.save({useObjectStreams: false, updateFieldAppearances: false});
  return {pdf: bytes, pages: document.getPageCount()};
}
