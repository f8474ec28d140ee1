import {PDFArray, PDFDict, PDFHexString, PDFName, PDFString, type PDFDocument, type PDFObject} from 'pdf-lib';
import {nameTreeEntries} from './name-tree.js';

/**
 * Chromium names structure elements after DOM node numbers (`node00000196`), which depend on
 * what else the browser process did before: two builds of the same content would differ.
 * Renumber them in order of appearance, everywhere they are used (the ID tree, each
 * element's `/ID`, table cells' `/Headers`), so that the same document gives the same bytes.
 * Each part of a joined PDF takes a `prefix` of its own, so that their ids stay apart.
 */
export function normalizeStructureIds(document: PDFDocument, prefix = 'id'): void {
  const root = document.catalog.lookup(PDFName.of('StructTreeRoot'));
  if (!(root instanceof PDFDict)) return;
  const tree = root.lookup(PDFName.of('IDTree'));
  if (!(tree instanceof PDFDict)) return;
  const entries = nameTreeEntries(tree);
  const width = String(entries.length).length;
  const renamed = new Map(entries.map(([id], index) => [id, `${prefix}${String(index + 1).padStart(width, '0')}`]));
  for (const [, object] of document.context.enumerateIndirectObjects()) replaceStrings(object, renamed, new Set());
  const names = document.context.obj(entries.flatMap(([id, value]) => [PDFString.of(renamed.get(id)!), value]));
  root.set(PDFName.of('IDTree'), document.context.register(document.context.obj({Names: names})));
}

/** Replace, in place, every string of `object` (and of its direct children) that `renamed` maps. */
function replaceStrings(object: PDFObject, renamed: ReadonlyMap<string, string>, seen: Set<PDFObject>): void {
  if (seen.has(object)) return;
  seen.add(object);
  const swap = (value: PDFObject): PDFObject | undefined => {
    if (!(value instanceof PDFString || value instanceof PDFHexString)) return undefined;
    const next = renamed.get(value.decodeText());
    return next === undefined ? undefined : PDFString.of(next);
  };
  if (object instanceof PDFDict) {
    for (const [key, value] of object.entries()) {
      const next = swap(value);
      if (next) object.set(key, next);
      else replaceStrings(value, renamed, seen);
    }
  } else if (object instanceof PDFArray) {
    for (let index = 0; index < object.size(); index++) {
      const next = swap(object.get(index));
      if (next) object.set(index, next);
      else replaceStrings(object.get(index), renamed, seen);
    }
  }
}
