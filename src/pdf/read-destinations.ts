import {PDFArray, PDFDict, PDFDocument, PDFName, PDFRef} from 'pdf-lib';
import {loadPdf} from './finish-pdf.js';
import {nameTreeEntries} from './name-tree.js';

/**
 * The page (0-based) of every named destination in a PDF that Chromium printed. Chromium
 * writes a destination for each element id that a link points to, so the contents' links
 * tell where each chapter and section really landed.
 */
export async function readDestinations(pdf: Uint8Array | PDFDocument): Promise<Map<string, number>> {
  const document = pdf instanceof PDFDocument ? pdf : await loadPdf(pdf);
  const pageIndex = new Map(document.getPages().map((page, index) => [page.ref.toString(), index]));
  const pages = new Map<string, number>();
  const add = (name: string, destination: unknown) => {
    const array = destination instanceof PDFDict ? destination.lookup(PDFName.of('D')) : destination;
    if (!(array instanceof PDFArray)) return;
    const ref = array.get(0);
    const index = ref instanceof PDFRef ? pageIndex.get(ref.toString()) : undefined;
    if (index !== undefined) pages.set(name, index);
  };
  const catalog = document.catalog;
  // PDF 1.1 style: a dictionary of names in the catalog (what Chromium writes).
  const dests = catalog.lookup(PDFName.of('Dests'));
  if (dests instanceof PDFDict) {
    for (const [key, value] of dests.entries()) add(fragmentId(key.decodeText()), dests.context.lookup(value));
  }
  // PDF 1.2 style: a name tree under /Names /Dests.
  const names = catalog.lookup(PDFName.of('Names'));
  const tree = names instanceof PDFDict ? names.lookup(PDFName.of('Dests')) : undefined;
  if (tree instanceof PDFDict) {
    for (const [name, value] of nameTreeEntries(tree)) add(fragmentId(name), tree.context.lookup(value));
  }
  return pages;
}

/** Chromium names a destination after the link's URL fragment, percent-encoded (`kazakhstan--%D0%BA…`): back to the id. */
export function fragmentId(name: string): string {
  try {
    return decodeURIComponent(name);
  } catch {
    return name; // Not percent-encoded after all: the name is the id.
  }
}
