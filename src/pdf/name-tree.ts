import {PDFArray, PDFDict, PDFHexString, PDFName, PDFString, type PDFObject} from 'pdf-lib';

/** Every key and (unresolved) value of a PDF name tree, in order, through all its kids. */
export function nameTreeEntries(node: PDFDict): Array<[string, PDFObject]> {
  const entries: Array<[string, PDFObject]> = [];
  const kids = node.lookup(PDFName.of('Kids'));
  if (kids instanceof PDFArray) {
    for (let index = 0; index < kids.size(); index++) {
      const kid = kids.lookup(index);
      if (kid instanceof PDFDict) entries.push(...nameTreeEntries(kid));
    }
  }
  const names = node.lookup(PDFName.of('Names'));
  if (!(names instanceof PDFArray)) return entries;
  for (let index = 0; index + 1 < names.size(); index += 2) {
    const key = names.lookup(index);
    if (key instanceof PDFString || key instanceof PDFHexString) entries.push([key.decodeText(), names.get(index + 1)]);
  }
  return entries;
}
