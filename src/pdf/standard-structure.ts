import {PDFArray, PDFDict, PDFName, PDFNumber, PDFRef, type PDFDocument, type PDFObject} from 'pdf-lib';
import {kidsOf} from './structure-kids.js';
import {numberTreeEntries} from './name-tree.js';

/**
 * Chromium's structure tree, made into the one PDF/UA-1 asks for (the Matterhorn conditions
 * each step answers are named). Works on one printed part; run before parts are joined.
 *
 * - PDF 2.0's `Em` and `Strong` (and any other type PDF 1.7 lacks) are role-mapped to a standard
 *   type, keeping Chromium's names for readers that know them (02-001).
 * - Lists are `L` → `LI` → `Lbl`/`LBody`: a list item Chromium wrote as `NonStruct` (an item whose
 *   box is not a list item, such as a note laid out as a grid) becomes an `LI`, and an item's
 *   content goes into an `LBody` (09-005).
 * - An element that holds a link annotation but is not a `Link` (Chromium writes links with a
 *   DPUB-ARIA role, such as note references and back-links, as `NonStruct`) becomes a `Link` (28-011).
 * - A `Figure` that only groups an image and its caption (HTML's `figure`) becomes a `Div`, so that
 *   the image is the figure that carries the text alternative (13-004).
 * - A `NonStruct` that Chromium kept only for its language (a name in another language) becomes a
 *   `Span`, the inline element PDF gives for a passage's `/Lang`.
 *
 * The parent tree, which ties page content to elements, is written anew at the end.
 */
export function standardizeStructure(document: PDFDocument): void {
  const root = document.catalog.lookup(PDFName.of('StructTreeRoot'));
  if (!(root instanceof PDFDict)) return;
  const context = document.context;
  const used = new Set<string>();
  const rewrite = (ref: PDFRef, parentType: string) => {
    const element = context.lookup(ref);
    if (!(element instanceof PDFDict)) return;
    let type = typeOf(element);
    if (type === 'NonStruct' && parentType === 'L') type = setType(element, 'LI');
    else if (type === 'NonStruct' && ownsLink(element, context)) type = setType(element, 'Link');
    else if (type === 'NonStruct' && element.has(PDFName.of('Lang'))) type = setType(element, 'Span');
    else if (type === 'Figure' && holdsFigure(element, context)) type = setType(element, 'Div');
    used.add(type);
    if (type === 'LI') wrapItemBody(ref, element, context);
    for (const kid of kidsOf(element)) if (kid instanceof PDFRef && isElement(kid, context)) rewrite(kid, type);
  };
  for (const kid of kidsOf(root)) if (kid instanceof PDFRef && isElement(kid, context)) rewrite(kid, '');

  const missing = [...used].filter((type) => !standardTypes.has(type)).sort();
  if (missing.length > 0) {
    const existing = root.lookup(PDFName.of('RoleMap'));
    const map = existing instanceof PDFDict ? existing : context.obj({});
    for (const type of missing)
      if (!map.has(PDFName.of(type))) map.set(PDFName.of(type), PDFName.of(roleMap[type] ?? 'NonStruct'));
    root.set(PDFName.of('RoleMap'), map);
  }
  rebuildParentTree(document, root);
}

/** The standard structure types of PDF 1.7 (ISO 32000-1, 14.8.4), on which PDF/UA-1 rests. */
const standardTypes: ReadonlySet<string> = new Set(
  (
    'Document Part Art Sect Div BlockQuote Caption TOC TOCI Index NonStruct Private ' +
    'P H H1 H2 H3 H4 H5 H6 L LI Lbl LBody Table TR TH TD THead TBody TFoot ' +
    'Span Quote Note Reference BibEntry Code Link Annot Ruby RB RT RP Warichu WT WP Figure Formula Form'
  ).split(' ')
);

/** PDF 2.0 types Chromium may write, mapped to their PDF 1.7 counterparts; anything else maps to `NonStruct`. */
const roleMap: Readonly<Record<string, string>> = {
  Em: 'Span',
  Strong: 'Span',
  Sub: 'Span',
  Title: 'P',
  FENote: 'Note',
  Aside: 'Div',
  DocumentFragment: 'Div'
};

/** An `LI`'s content that is not `Lbl` or `LBody`, each run of it wrapped in a new `LBody`. */
function wrapItemBody(itemRef: PDFRef, item: PDFDict, context: PDFDocument['context']): void {
  const kids = kidsOf(item);
  const result: PDFObject[] = [];
  let body: PDFObject[] = [];
  const flush = () => {
    if (body.length === 0) return;
    const single = body.length === 1 ? body[0] : undefined;
    const singleElement = single instanceof PDFRef ? context.lookup(single) : undefined;
    // A lone NonStruct (Chromium's wrapper of the item's text) is the body itself.
    if (singleElement instanceof PDFDict && isElementDict(singleElement) && typeOf(singleElement) === 'NonStruct') {
      setType(singleElement, 'LBody');
      result.push(single!);
    } else {
      const lbody = context.obj({Type: 'StructElem', S: 'LBody', P: itemRef, K: body});
      const page = item.get(PDFName.of('Pg'));
      if (page) lbody.set(PDFName.of('Pg'), page);
      const ref = context.register(lbody);
      for (const kid of body) {
        const value = kid instanceof PDFRef ? context.lookup(kid) : undefined;
        if (value instanceof PDFDict && isElementDict(value)) value.set(PDFName.of('P'), ref);
      }
      result.push(ref);
    }
    body = [];
  };
  let changed = false;
  for (const kid of kids) {
    const value = kid instanceof PDFRef ? context.lookup(kid) : kid;
    const type = value instanceof PDFDict && isElementDict(value) ? typeOf(value) : '';
    if (type === 'Lbl' || type === 'LBody') {
      flush();
      result.push(kid);
    } else {
      body.push(kid);
      changed = true;
    }
  }
  flush();
  if (changed) item.set(PDFName.of('K'), context.obj(result));
}

/** Whether an element directly holds a link annotation (an `OBJR` to a `/Link`). */
function ownsLink(element: PDFDict, context: PDFDocument['context']): boolean {
  return kidsOf(element).some((kid) => {
    const value = kid instanceof PDFRef ? context.lookup(kid) : kid;
    if (!(value instanceof PDFDict) || value.lookup(PDFName.of('Type')) !== PDFName.of('OBJR')) return false;
    const annotation = value.lookup(PDFName.of('Obj'));
    return annotation instanceof PDFDict && annotation.lookup(PDFName.of('Subtype')) === PDFName.of('Link');
  });
}

/** Whether a `Figure` has a `Figure` among its descendants (it is HTML's `figure`, grouping an image and a caption). */
function holdsFigure(element: PDFDict, context: PDFDocument['context']): boolean {
  return kidsOf(element).some((kid) => {
    const value = kid instanceof PDFRef ? context.lookup(kid) : undefined;
    return (
      value instanceof PDFDict && isElementDict(value) && (typeOf(value) === 'Figure' || holdsFigure(value, context))
    );
  });
}

/**
 * Write the structure tree's parent tree from the tree itself: each page's marked content
 * (by MCID) and each annotation points at the element that holds it. Keys already given to
 * pages (`/StructParents`) and annotations (`/StructParent`) are kept.
 */
function rebuildParentTree(document: PDFDocument, root: PDFDict): void {
  const context = document.context;
  const pageArrays = new Map<string, PDFObject[]>();
  const annotations = new Map<string, PDFRef>();
  const visit = (ref: PDFRef, page: PDFObject | undefined) => {
    const element = context.lookup(ref, PDFDict);
    const ownPage = element.get(PDFName.of('Pg')) ?? page;
    for (const kid of kidsOf(element)) {
      const value = kid instanceof PDFRef ? context.lookup(kid) : kid;
      if (value instanceof PDFNumber) setAt(pageArrays, String(ownPage), value.asNumber(), ref);
      else if (value instanceof PDFDict && value.lookup(PDFName.of('Type')) === PDFName.of('MCR')) {
        const mcid = value.lookup(PDFName.of('MCID'));
        if (mcid instanceof PDFNumber)
          setAt(pageArrays, String(value.get(PDFName.of('Pg')) ?? ownPage), mcid.asNumber(), ref);
      } else if (value instanceof PDFDict && value.lookup(PDFName.of('Type')) === PDFName.of('OBJR')) {
        annotations.set(String(value.get(PDFName.of('Obj'))), ref);
      } else if (kid instanceof PDFRef && value instanceof PDFDict) visit(kid, ownPage);
    }
  };
  for (const kid of kidsOf(root)) if (kid instanceof PDFRef && isElement(kid, context)) visit(kid, undefined);

  const previous = root.lookup(PDFName.of('ParentTree'));
  const entries = new Map<number, PDFObject>(previous instanceof PDFDict ? numberTreeEntries(previous) : []);
  for (const page of document.getPages()) {
    const key = page.node.lookup(PDFName.of('StructParents'));
    const array = pageArrays.get(String(page.ref));
    if (key instanceof PDFNumber && array)
      entries.set(key.asNumber(), context.obj(Array.from(array, (item) => item ?? context.obj(null))));
    const list = page.node.lookup(PDFName.of('Annots'));
    for (const annotationRef of list instanceof PDFArray ? list.asArray() : []) {
      const annotation = context.lookup(annotationRef);
      const owner = annotations.get(String(annotationRef));
      const annotationKey = annotation instanceof PDFDict ? annotation.lookup(PDFName.of('StructParent')) : undefined;
      if (owner && annotationKey instanceof PDFNumber) entries.set(annotationKey.asNumber(), owner);
    }
  }
  const sorted = [...entries].sort(([a], [b]) => a - b);
  root.set(
    PDFName.of('ParentTree'),
    context.register(context.obj({Nums: sorted.flatMap(([key, value]) => [PDFNumber.of(key), value])}))
  );
}

function setAt(arrays: Map<string, PDFObject[]>, page: string, index: number, value: PDFObject): void {
  const array = arrays.get(page) ?? [];
  array[index] = value;
  arrays.set(page, array);
}

function isElement(ref: PDFRef, context: PDFDocument['context']): boolean {
  const value = context.lookup(ref);
  return value instanceof PDFDict && isElementDict(value);
}

/** A structure element, as opposed to a marked-content or object reference. */
function isElementDict(dict: PDFDict): boolean {
  const type = dict.lookup(PDFName.of('Type'));
  return dict.has(PDFName.of('S')) && type !== PDFName.of('MCR') && type !== PDFName.of('OBJR');
}

function typeOf(element: PDFDict): string {
  const type = element.lookup(PDFName.of('S'));
  return type instanceof PDFName ? type.decodeText() : '';
}

function setType(element: PDFDict, type: string): string {
  element.set(PDFName.of('S'), PDFName.of(type));
  return type;
}
