import {inflateSync} from 'node:zlib';
import {
  PDFArray,
  PDFDict,
  PDFDocument,
  PDFName,
  PDFNumber,
  PDFRawStream,
  PDFRef,
  PDFString,
  PDFHexString,
  type PDFObject
} from 'pdf-lib';

/** What `tagProblems` found in a tagged PDF, and how much it looked at. */
export interface TagReport {
  problems: string[];
  elements: number;
  markedContent: number;
  links: number;
}

const name = (value: string) => PDFName.of(value);

/**
 * Check that a tagged PDF's structure hangs together, as a screen reader needs it to: every
 * structure element is reached from the root and names its real parent; every piece of marked
 * content on a page (`/MCID`) belongs to exactly the element the parent tree says; every link
 * annotation is tied to a Link element and, when it points at a named destination, that
 * destination exists and lands on a page of the document; and structure ids are unique.
 */
export async function tagProblems(bytes: Uint8Array): Promise<TagReport> {
  const document = await PDFDocument.load(bytes, {updateMetadata: false});
  const context = document.context;
  const problems: string[] = [];
  const root = document.catalog.lookup(name('StructTreeRoot'));
  if (!(root instanceof PDFDict)) return {problems: ['no StructTreeRoot'], elements: 0, markedContent: 0, links: 0};
  const pageRefs = new Set(document.getPages().map((page) => page.ref.toString()));

  // Walk the tree: element → its marked content (page + MCID) and annotations (OBJR).
  const owner = new Map<string, PDFDict>(); // "pageRef mcid" → element
  const annotationOwner = new Map<string, PDFDict>(); // annotation ref → element
  const ids = new Set<string>();
  let elements = 0;
  const visit = (ref: PDFObject, parent: PDFObject) => {
    const element = ref instanceof PDFRef ? context.lookup(ref) : ref;
    if (!(element instanceof PDFDict)) return;
    elements++;
    const p = element.get(name('P'));
    if (!(p instanceof PDFRef) || p.toString() !== parent.toString())
      problems.push(`element ${ref.toString()} names ${String(p)} as parent, not ${parent.toString()}`);
    const id = element.lookup(name('ID'));
    if (id instanceof PDFString || id instanceof PDFHexString) {
      if (ids.has(id.decodeText())) problems.push(`structure id ${id.decodeText()} is used twice`);
      ids.add(id.decodeText());
    }
    const page = element.get(name('Pg'));
    const kids = element.get(name('K'));
    const list = kids instanceof PDFArray ? kids.asArray() : kids ? [kids] : [];
    for (const kid of list) {
      const value = kid instanceof PDFRef ? context.lookup(kid) : kid;
      if (value instanceof PDFNumber) owner.set(`${page?.toString()} ${value.asNumber()}`, element);
      else if (value instanceof PDFDict && value.lookup(name('Type')) === name('MCR')) {
        owner.set(
          `${(value.get(name('Pg')) ?? page)?.toString()} ${value.lookup(name('MCID'), PDFNumber).asNumber()}`,
          element
        );
      } else if (value instanceof PDFDict && value.lookup(name('Type')) === name('OBJR')) {
        annotationOwner.set(String(value.get(name('Obj'))), element);
      } else if (kid instanceof PDFRef) visit(kid, ref);
    }
  };
  const rootRef = document.catalog.get(name('StructTreeRoot'))!;
  const top = root.get(name('K'));
  for (const kid of top instanceof PDFArray ? top.asArray() : top ? [top] : []) visit(kid, rootRef);
  const allElements = [...context.enumerateIndirectObjects()].filter(
    ([, object]) => object instanceof PDFDict && object.lookup(name('Type')) === name('StructElem')
  ).length;
  if (allElements !== elements)
    problems.push(`${allElements - elements} structure elements are not reached from the root`);
  for (const [key] of owner)
    if (!pageRefs.has(key.slice(0, key.lastIndexOf(' '))))
      problems.push(`marked content ${key} is on no page of the document`);

  const parentTree = numberTree(root.lookup(name('ParentTree'), PDFDict));
  const destinations = document.catalog.lookup(name('Dests'));
  let markedContent = 0;
  let links = 0;
  for (const page of document.getPages()) {
    const mcids = [...contentOf(page.node.get(name('Contents')), context).matchAll(/\/MCID\s+(\d+)/g)].map((match) =>
      Number(match[1])
    );
    markedContent += mcids.length;
    const key = page.node.lookup(name('StructParents'));
    if (mcids.length > 0 && !(key instanceof PDFNumber))
      problems.push(`page ${page.ref.toString()} has marked content but no StructParents`);
    const entry = key instanceof PDFNumber ? parentTree.get(key.asNumber()) : undefined;
    const array = entry instanceof PDFRef ? context.lookup(entry) : entry;
    for (const mcid of mcids) {
      const expected = owner.get(`${page.ref.toString()} ${mcid}`);
      const listed = array instanceof PDFArray ? array.get(mcid) : undefined;
      const listedElement = listed instanceof PDFRef ? context.lookup(listed) : listed;
      if (!expected) problems.push(`MCID ${mcid} of page ${page.ref.toString()} belongs to no element`);
      else if (listedElement !== expected)
        problems.push(`the parent tree gives MCID ${mcid} of page ${page.ref.toString()} to the wrong element`);
    }
    const annotations = page.node.lookup(name('Annots'));
    for (const ref of annotations instanceof PDFArray ? annotations.asArray() : []) {
      const annotation = context.lookup(ref);
      if (!(annotation instanceof PDFDict) || annotation.lookup(name('Subtype')) !== name('Link')) continue;
      links++;
      const structParent = annotation.lookup(name('StructParent'));
      const listed = structParent instanceof PDFNumber ? parentTree.get(structParent.asNumber()) : undefined;
      const listedElement = listed instanceof PDFRef ? context.lookup(listed) : listed;
      if (!listedElement || listedElement !== annotationOwner.get(ref.toString()))
        problems.push(`link ${ref.toString()} is not tied to its Link element`);
      const dest = annotation.get(name('Dest'));
      if (dest instanceof PDFName) {
        const target = destinations instanceof PDFDict ? destinations.lookup(dest) : undefined;
        const targetPage = target instanceof PDFArray ? target.get(0) : undefined;
        if (!targetPage || !pageRefs.has(targetPage.toString()))
          problems.push(`link to ${dest.decodeText()} has no destination in the document`);
      }
    }
  }
  return {problems, elements, markedContent, links};
}

function numberTree(node: PDFDict): Map<number, PDFObject> {
  const entries = new Map<number, PDFObject>();
  const kids = node.lookup(name('Kids'));
  if (kids instanceof PDFArray)
    for (const kid of kids.asArray())
      for (const [key, value] of numberTree(node.context.lookup(kid, PDFDict))) entries.set(key, value);
  const nums = node.lookup(name('Nums'));
  if (nums instanceof PDFArray)
    for (let index = 0; index + 1 < nums.size(); index += 2)
      entries.set(nums.lookup(index, PDFNumber).asNumber(), nums.get(index + 1));
  return entries;
}

function contentOf(contents: PDFObject | undefined, context: PDFDocument['context']): string {
  const value = contents instanceof PDFRef ? context.lookup(contents) : contents;
  if (value instanceof PDFArray)
    return value
      .asArray()
      .map((item) => contentOf(item, context))
      .join('\n');
  if (!(value instanceof PDFRawStream)) return '';
  const filter = value.dict.lookup(name('Filter'));
  const raw = Buffer.from(value.getContents());
  return (filter === name('FlateDecode') ? inflateSync(raw) : raw).toString('latin1');
}
