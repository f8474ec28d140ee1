import {
  PDFArray,
  PDFDict,
  PDFDocument,
  PDFName,
  PDFNumber,
  PDFObjectCopier,
  PDFPage,
  PDFPageLeaf,
  PDFRef,
  PDFString,
  type PDFContext,
  type PDFObject
} from 'pdf-lib';
import {nameTreeEntries, numberTreeEntries} from './name-tree.js';
import {fragmentId} from './read-destinations.js';

/** One printed part to add to the joined PDF. */
export interface JoinPart {
  document: PDFDocument;
  /** Destination names the part only holds to keep its links (see `partAnchors`): another part has the real one. */
  borrowed: ReadonlySet<string>;
}

/**
 * Joins PDFs that Chromium printed (tagged, with outlines and named destinations) into one,
 * keeping what a reader and a screen reader need: the pages, one structure tree whose reading
 * order follows the pages, the parent tree that ties marked content and link annotations to
 * it, the ID tree, one outline, and one set of named destinations, so that links between
 * parts land where they should. Parts are added as they are printed; `prepend` puts one
 * before all the others (the front matter, printed last because it carries the contents'
 * page numbers).
 *
 * Each part's structure ids must already be unique across parts (`normalizeStructureIds`
 * with a prefix of its own).
 */
export class PdfJoiner {
  readonly document: PDFDocument;
  private readonly context: PDFContext;
  private readonly rootRef: PDFRef;
  private readonly documentElementRef: PDFRef;
  /** Kids of the joined Document element, in page order, as groups: prepended groups go first. */
  private readonly structureGroups: PDFObject[][] = [];
  private readonly parentTree: Array<[number, PDFObject]> = [];
  private nextParentKey = 0;
  private readonly ids: Array<[string, PDFObject]> = [];
  private readonly destinations = new Map<string, PDFObject>();
  /** Names some part links to through a borrowed destination: each must have a real one by the end. */
  private readonly borrowed = new Set<string>();
  private readonly outlineGroups: PDFRef[][] = [];
  private readonly outlinesRef: PDFRef;
  private readonly maps: Record<string, Map<PDFName, PDFObject>> = {};

  private constructor(document: PDFDocument) {
    this.document = document;
    this.context = document.context;
    this.rootRef = this.context.nextRef();
    this.documentElementRef = this.context.nextRef();
    this.outlinesRef = this.context.nextRef();
  }

  static async create(): Promise<PdfJoiner> {
    return new PdfJoiner(await PDFDocument.create({updateMetadata: false}));
  }

  /** Add a part's pages after those already joined. */
  append(part: JoinPart): void {
    this.add(part, 'end');
  }

  /** Add a part's pages before all those already joined. */
  prepend(part: JoinPart): void {
    this.add(part, 'start');
  }

  /** A page with nothing on it (a blank verso), the size of the page before it, after `after` pages. */
  insertBlank(after: number): void {
    const previous = this.document.getPage(Math.max(0, after - 1));
    this.document.insertPage(after, [previous.getWidth(), previous.getHeight()]);
  }

  get pageCount(): number {
    return this.document.getPageCount();
  }

  private add(part: JoinPart, where: 'start' | 'end'): void {
    const source = part.document;
    const copier = PDFObjectCopier.for(source.context, this.context);
    const root = source.catalog.lookup(PDFName.of('StructTreeRoot'));
    const sourceRoot = source.catalog.get(PDFName.of('StructTreeRoot'));
    const sourceElement = root instanceof PDFDict ? root.get(PDFName.of('K')) : undefined;
    const sourceOutlines = source.catalog.get(PDFName.of('Outlines'));
    // Whatever pointed at the part's own root, Document element or outline root now points at the
    // joined ones: seeded into the copier's map of copied objects (not public in pdf-lib's types).
    const mapped = (copier as unknown as {traversedObjects?: unknown}).traversedObjects;
    if (!(mapped instanceof Map))
      throw new Error(
        'pdf-lib has changed: PDFObjectCopier keeps no traversedObjects map; Folio cannot join PDFs with this version'
      );
    if (sourceRoot instanceof PDFRef) mapped.set(sourceRoot, this.rootRef);
    if (sourceElement instanceof PDFRef) mapped.set(sourceElement, this.documentElementRef);
    if (sourceOutlines instanceof PDFRef) mapped.set(sourceOutlines, this.outlinesRef);

    const keyOffset = this.nextParentKey;
    let at = where === 'start' ? 0 : this.document.getPageCount();
    for (const page of source.getPages()) {
      const ref = copier.copy(page.ref) as PDFRef;
      const leaf = this.context.lookup(ref);
      if (!(leaf instanceof PDFPageLeaf)) throw new Error(`Page ${ref.toString()} of a part is not a page`);
      shiftKey(leaf, 'StructParents', keyOffset);
      const annotations = leaf.lookup(PDFName.of('Annots'));
      if (annotations instanceof PDFArray) {
        for (let index = 0; index < annotations.size(); index++) {
          const annotation = annotations.lookup(index);
          if (annotation instanceof PDFDict) shiftKey(annotation, 'StructParent', keyOffset);
        }
      }
      this.document.insertPage(at++, PDFPage.of(leaf, ref, this.document));
    }

    const kids: PDFObject[] = [];
    if (root instanceof PDFDict) {
      const element = root.lookup(PDFName.of('K'));
      const elementKids = element instanceof PDFDict ? element.get(PDFName.of('K')) : undefined;
      const list = elementKids instanceof PDFArray ? elementKids.asArray() : elementKids ? [elementKids] : [];
      for (const kid of list) kids.push(copier.copy(kid));
      let largest = -1;
      const parentTree = root.lookup(PDFName.of('ParentTree'));
      if (parentTree instanceof PDFDict) {
        for (const [key, value] of numberTreeEntries(parentTree)) {
          this.parentTree.push([key + keyOffset, copier.copy(value)]);
          largest = Math.max(largest, key);
        }
      }
      const next = root.lookup(PDFName.of('ParentTreeNextKey'));
      this.nextParentKey = keyOffset + Math.max(largest + 1, next instanceof PDFNumber ? next.asNumber() : 0);
      // Chromium writes no role or class map today; should one appear, its entries are kept.
      for (const key of ['RoleMap', 'ClassMap']) {
        const map = root.lookup(PDFName.of(key));
        if (map instanceof PDFDict)
          for (const [name, value] of map.entries()) (this.maps[key] ??= new Map()).set(name, copier.copy(value));
      }
      const idTree = root.lookup(PDFName.of('IDTree'));
      if (idTree instanceof PDFDict)
        for (const [id, value] of nameTreeEntries(idTree)) this.ids.push([id, copier.copy(value)]);
    }

    const destinations = source.catalog.lookup(PDFName.of('Dests'));
    if (destinations instanceof PDFDict) {
      for (const [name, value] of destinations.entries()) {
        const key = name.decodeText();
        if (part.borrowed.has(fragmentId(key))) this.borrowed.add(key);
        else this.destinations.set(key, copier.copy(value));
      }
    }

    const outlines = source.catalog.lookup(PDFName.of('Outlines'));
    const items: PDFRef[] = [];
    if (outlines instanceof PDFDict) {
      for (let item = outlines.get(PDFName.of('First')); item instanceof PDFRef;) {
        const copied = copier.copy(item) as PDFRef;
        items.push(copied);
        item = source.context.lookup(item, PDFDict).get(PDFName.of('Next'));
      }
    }
    if (where === 'start') {
      this.structureGroups.unshift(kids);
      this.outlineGroups.unshift(items);
    } else {
      this.structureGroups.push(kids);
      this.outlineGroups.push(items);
    }
  }

  /** Write the joined structure tree, outline and destinations into the document, and return it. */
  finish(): PDFDocument {
    const context = this.context;
    const catalog = this.document.catalog;
    const missing = [...this.borrowed].filter((name) => !this.destinations.has(name));
    if (missing.length > 0)
      throw new Error(`No part holds the destination of ${missing.map((name) => `\`${name}\``).join(', ')}`);

    context.assign(
      this.documentElementRef,
      context.obj({Type: 'StructElem', S: 'Document', P: this.rootRef, K: this.structureGroups.flat()})
    );
    const parentTree = [...this.parentTree].sort(([a], [b]) => a - b);
    const ids = [...this.ids].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    context.assign(
      this.rootRef,
      context.obj({
        Type: 'StructTreeRoot',
        K: this.documentElementRef,
        ParentTree: context.register(
          context.obj({Nums: parentTree.flatMap(([key, value]) => [PDFNumber.of(key), value])})
        ),
        ParentTreeNextKey: this.nextParentKey,
        IDTree: context.register(context.obj({Names: ids.flatMap(([id, value]) => [PDFString.of(id), value])}))
      })
    );
    const root = context.lookup(this.rootRef, PDFDict);
    for (const [key, entries] of Object.entries(this.maps)) {
      const map = context.obj({});
      for (const [name, value] of entries) map.set(name, value);
      root.set(PDFName.of(key), map);
    }
    catalog.set(PDFName.of('StructTreeRoot'), this.rootRef);
    catalog.set(PDFName.of('MarkInfo'), context.obj({Marked: true}));

    const destinations = context.obj({});
    for (const [name, value] of this.destinations) destinations.set(PDFName.of(name), value);
    catalog.set(PDFName.of('Dests'), context.register(destinations));

    const items = this.outlineGroups.flat();
    if (items.length > 0) {
      let count = 0;
      for (const [index, ref] of items.entries()) {
        const item = context.lookup(ref, PDFDict);
        item.set(PDFName.of('Parent'), this.outlinesRef);
        if (index > 0) item.set(PDFName.of('Prev'), items[index - 1]!);
        else item.delete(PDFName.of('Prev'));
        if (index < items.length - 1) item.set(PDFName.of('Next'), items[index + 1]!);
        else item.delete(PDFName.of('Next'));
        const open = item.lookup(PDFName.of('Count'));
        count += 1 + (open instanceof PDFNumber && open.asNumber() > 0 ? open.asNumber() : 0);
      }
      context.assign(
        this.outlinesRef,
        context.obj({Type: 'Outlines', First: items[0]!, Last: items.at(-1)!, Count: count})
      );
      catalog.set(PDFName.of('Outlines'), this.outlinesRef);
    }
    return this.document;
  }
}

/** Add `offset` to a numeric entry, when there is one. */
function shiftKey(dict: PDFDict, key: string, offset: number): void {
  const value = dict.lookup(PDFName.of(key));
  if (value instanceof PDFNumber) dict.set(PDFName.of(key), PDFNumber.of(value.asNumber() + offset));
}
