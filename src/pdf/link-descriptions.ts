import {PDFArray, PDFDict, PDFHexString, PDFName, PDFRef, PDFString, type PDFDocument, type PDFObject} from 'pdf-lib';
import {kidsOf} from './structure-kids.js';
import {linkKey, type LinkLabels} from '../html/link-labels.js';
import {fragmentId} from './read-destinations.js';

/**
 * Give every link annotation the words of its link as `/Contents`, the alternate description
 * that PDF/UA-1 (7.18.5) asks for and that a screen reader announces; and tab through every page
 * with annotations in structure order (`/Tabs /S`, 7.18.3).
 *
 * Link elements are visited in structure order, which is the HTML's order, and each takes the
 * next label of its target from `labels` (the links of the HTML the part was printed from); the
 * annotations of one link broken across lines share it. A link with no label left (which the
 * HTML would not give) is described by its target.
 */
export function describeLinks(document: PDFDocument, labels: LinkLabels): void {
  const context = document.context;
  const next = new Map<string, number>();
  const labelOf = (target: string) => {
    const key = linkKey(target);
    const list = labels.get(key);
    const index = next.get(key) ?? 0;
    next.set(key, index + 1);
    // A link with no words of its own is described by its target.
    return list?.[Math.min(index, list.length - 1)] || target.replace(/^#/, '');
  };
  const visit = (object: PDFObject) => {
    const element = object instanceof PDFRef ? context.lookup(object) : object;
    if (!(element instanceof PDFDict)) return;
    const kids = kidsOf(element);
    if (element.lookup(PDFName.of('S')) === PDFName.of('Link')) {
      const annotations = kids
        .map((kid) => (kid instanceof PDFRef ? context.lookup(kid) : kid))
        .filter(
          (kid): kid is PDFDict => kid instanceof PDFDict && kid.lookup(PDFName.of('Type')) === PDFName.of('OBJR')
        )
        .map((reference) => reference.lookup(PDFName.of('Obj')))
        .filter((annotation): annotation is PDFDict => annotation instanceof PDFDict);
      const target = annotations.map(targetOf).find((value) => value !== undefined);
      if (target !== undefined) {
        const label = PDFHexString.fromText(labelOf(target));
        for (const annotation of annotations) annotation.set(PDFName.of('Contents'), label);
      }
    }
    for (const kid of kids) if (kid instanceof PDFRef) visit(kid);
  };
  const root = document.catalog.lookup(PDFName.of('StructTreeRoot'));
  if (root instanceof PDFDict) for (const kid of kidsOf(root)) visit(kid);
  for (const page of document.getPages()) {
    const annotations = page.node.lookup(PDFName.of('Annots'));
    if (annotations instanceof PDFArray && annotations.size() > 0) page.node.set(PDFName.of('Tabs'), PDFName.of('S'));
  }
}

/** The `href` a link annotation came from: `#id` for a named destination, the URI for a URI action. */
function targetOf(annotation: PDFDict): string | undefined {
  const destination = annotation.lookup(PDFName.of('Dest'));
  if (destination instanceof PDFName) return `#${fragmentId(destination.decodeText())}`;
  if (destination instanceof PDFString || destination instanceof PDFHexString)
    return `#${fragmentId(destination.decodeText())}`;
  const action = annotation.lookup(PDFName.of('A'));
  if (!(action instanceof PDFDict)) return undefined;
  const uri = action.lookup(PDFName.of('URI'));
  if (uri instanceof PDFString || uri instanceof PDFHexString) return uri.decodeText();
  const named = action.lookup(PDFName.of('D'));
  if (named instanceof PDFName || named instanceof PDFString || named instanceof PDFHexString)
    return `#${fragmentId(named.decodeText())}`;
  return undefined;
}
