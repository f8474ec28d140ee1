import {PDFArray, PDFDict, PDFHexString, PDFName, PDFNumber, PDFString, type PDFObject} from 'pdf-lib';

/** Every key and (unresolved) value of a PDF name tree, in order, through all its kids. */
export function nameTreeEntries(node: PDFDict): Array<[string, PDFObject]> {
  return treeEntries(node, 'Names', (key) =>
    key instanceof PDFString || key instanceof PDFHexString ? key.decodeText() : undefined
  );
}

/** Every key and (unresolved) value of a PDF number tree, in order, through all its kids. */
export function numberTreeEntries(node: PDFDict): Array<[number, PDFObject]> {
  return treeEntries(node, 'Nums', (key) => (key instanceof PDFNumber ? key.asNumber() : undefined));
}

/** The pairs in the `leaves` arrays of a name or number tree (kids first, as the trees order them). */
function treeEntries<K>(
  node: PDFDict,
  leaves: 'Names' | 'Nums',
  keyOf: (key: PDFObject | undefined) => K | undefined
): Array<[K, PDFObject]> {
  const entries: Array<[K, PDFObject]> = [];
  const kids = node.lookup(PDFName.of('Kids'));
  if (kids instanceof PDFArray) {
    for (let index = 0; index < kids.size(); index++) {
      const kid = kids.lookup(index);
      if (kid instanceof PDFDict) entries.push(...treeEntries(kid, leaves, keyOf));
    }
  }
  const pairs = node.lookup(PDFName.of(leaves));
  if (!(pairs instanceof PDFArray)) return entries;
  for (let index = 0; index + 1 < pairs.size(); index += 2) {
    const key = keyOf(pairs.lookup(index));
    if (key !== undefined) entries.push([key, pairs.get(index + 1)]);
  }
  return entries;
}
