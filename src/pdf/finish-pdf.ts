import {ParseSpeeds, PDFDocument, ReadingDirection} from 'pdf-lib';
import {textDirection} from '../html/direction.js';
import type {ReportMeta} from '../content/model.js';
import type {LinkLabels} from '../html/link-labels.js';
import {describeLinks} from './link-descriptions.js';
import {wrapUntagged} from './mark-artifacts.js';
import {normalizeStructureIds} from './normalize-ids.js';
import {editPageContent, formsWithTaggedContent} from './page-content.js';
import {restoreOutlineTitles} from './outline-titles.js';
import {standardizeStructure} from './standard-structure.js';
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

/** Parse a PDF in one go: pdf-lib's default pauses every 100 objects to let other work run, which only slows a build. */
export function loadPdf(bytes: Uint8Array): Promise<PDFDocument> {
  return PDFDocument.load(bytes, {updateMetadata: false, parseSpeed: ParseSpeeds.Fastest});
}

/**
 * What every PDF Chromium prints needs before it is kept: soft hyphens made invisible to search
 * and copy; structure ids numbered (with `idPrefix`) so that the same input gives the same bytes;
 * and what PDF/UA-1 asks for that Chromium leaves out: standard structure types, link
 * annotations described with their words (`labels`, from the HTML the part was printed from),
 * and everything painted outside the structure tree marked as an artifact.
 */
export function tidyPrintedPdf(document: PDFDocument, labels: LinkLabels, idPrefix = 'id'): void {
  editPageContent(document, [
    stripSoftHyphens,
    (content, page) => wrapUntagged(content, formsWithTaggedContent(page)).text
  ]);
  normalizeStructureIds(document, idPrefix);
  standardizeStructure(document);
  describeLinks(document, labels);
}

/**
 * Replace Chromium's metadata (its user agent as creator, the wall-clock time) with the
 * report's, in the Info dictionary and as XMP: title shown in the window title bar, authors,
 * subject, keywords, language, creator "Folio", and dates from `buildDate`; mend bookmark titles.
 * The tagged structure and outline are kept. `document` has been through `tidyPrintedPdf`.
 */
export async function finishPdf(
  document: PDFDocument,
  {title, meta, date, headings}: PdfMetadata
): Promise<{pdf: Uint8Array; pages: number}> {
  restoreOutlineTitles(document, headings);
  document.setTitle(title, {showInWindowTitleBar: true});
  document.setAuthor(meta.authors.join(', '));
  document.setSubject(meta.description);
  document.setKeywords(meta.keywords);
  document.setCreator('Folio');
  document.setProducer(producer);
  document.setLanguage(meta.language);
  // A right-to-left book: viewers show its spreads, and page through it, from right to left.
  if (textDirection(meta.language) === 'rtl')
    document.catalog.getOrCreateViewerPreferences().setReadingDirection(ReadingDirection.R2L);
  document.setCreationDate(date);
  document.setModificationDate(date);
  addXmpMetadata(document, {
    title,
    authors: meta.authors,
    description: meta.description,
    keywords: meta.keywords,
    language: meta.language,
    date,
    producer
  });
  // Object streams (PDF 1.5, read by every viewer since 2003) pack the thousands of structure
  // elements: the 415-page benchmark report goes from 9.5 MB to 5.9 MB, for 0.5 s more.
  const bytes = await document.save({
    useObjectStreams: true,
    updateFieldAppearances: false,
    objectsPerTick: Number.POSITIVE_INFINITY
  });
  return {pdf: bytes, pages: document.getPageCount()};
}
