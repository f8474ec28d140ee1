import {inflateSync} from 'node:zlib';
import {
  PDFArray,
  PDFDict,
  PDFDocument,
  PDFHexString,
  PDFName,
  PDFNumber,
  PDFRawStream,
  PDFRef,
  PDFString,
  type PDFObject
} from 'pdf-lib';
import {getDocument, OPS} from 'pdfjs-dist/legacy/build/pdf.mjs';

/**
 * A checker for the machine-checkable conditions of PDF/UA-1 (ISO 14289-1) that Folio's PDFs
 * can trip, named by their Matterhorn Protocol 1.1 failure conditions. The PDF's objects are read
 * with pdf-lib, its page content (what is painted, inside which marked content) with pdf.js's
 * operator lists: no regular expression looks at the PDF's bytes.
 *
 * Covered (Matterhorn id → what fails):
 * - 01-003 artifact inside tagged content; 01-004 tagged content inside an artifact;
 *   01-005 painted content that is neither tagged (an MCID the structure tree owns) nor an artifact;
 *   01-007 `/Suspects true`.
 * - 02-001 a structure type that is not standard and not role-mapped to one; 02-003 a circular
 *   role map; 02-004 a standard type remapped.
 * - 06-001 no XMP metadata; 06-002 no PDF/UA identifier (`pdfuaid:part` 1) in it; 06-003 no `dc:title`.
 * - 07-001 no `DisplayDocTitle`; 07-002 `DisplayDocTitle` false.
 * - 09-004 table elements out of place (TR outside Table/THead/TBody/TFoot, TH/TD outside TR);
 *   09-005 list elements out of place (an L holding anything but LI, L or Caption; an LI outside
 *   an L or holding anything but Lbl and LBody; Lbl or LBody outside an LI).
 * - 11-006 no document language (`/Lang` in the catalog), or one that is no language tag;
 *   a `/Lang` on an element that is no language tag.
 * - 13-004 a Figure with no `/Alt` (or `/ActualText`).
 * - 14-002 the first numbered heading is not H1; 14-003 a numbered heading skips a level going down.
 * - 15-003 a TH with no `/Scope`.
 * - 28-008 a page with annotations and no `/Tabs`; 28-009 `/Tabs` not `/S`;
 *   28-011 a link annotation that no Link element owns; 28-012 a link annotation with no `/Contents`.
 * - 31-009 (fonts) a font whose program is not embedded.
 * - The document is tagged at all: `/MarkInfo /Marked true` and a structure tree (UA1 7.1).
 */

/** One failure of a PDF/UA-1 condition. */
export interface UaFailure {
  /** The Matterhorn failure condition, such as `01-005`; `tagged` for an untagged document. */
  rule: string;
  message: string;
}

/** What `checkPdfUa` found, and how much it looked at (so that a test can see it looked). */
export interface UaReport {
  failures: UaFailure[];
  elements: number;
  paintedRuns: number;
  artifacts: number;
  links: number;
}

/** The standard structure types of PDF 1.7 (ISO 32000-1, 14.8.4), which PDF/UA-1 builds on. */
export const standardTypes: ReadonlySet<string> = new Set(
  (
    'Document Part Art Sect Div BlockQuote Caption TOC TOCI Index NonStruct Private ' +
    'P H H1 H2 H3 H4 H5 H6 L LI Lbl LBody Table TR TH TD THead TBody TFoot ' +
    'Span Quote Note Reference BibEntry Code Link Annot Ruby RB RT RP Warichu WT WP Figure Formula Form'
  ).split(' ')
);

const name = (value: string) => PDFName.of(value);
const languageTag = /^[a-zA-Z]{2,8}(-[a-zA-Z0-9]{1,8})*$/;

interface Element {
  ref: string;
  dict: PDFDict;
  /** The standard type, after the role map (or the raw type when it maps to none). */
  type: string;
  parent?: Element;
  kids: Element[];
}

/** Check a PDF against the PDF/UA-1 conditions listed above. */
export async function checkPdfUa(bytes: Uint8Array): Promise<UaReport> {
  const document = await PDFDocument.load(bytes, {updateMetadata: false});
  const context = document.context;
  const failures: UaFailure[] = [];
  const fail = (rule: string, message: string) => failures.push({rule, message});
  const catalog = document.catalog;

  const markInfo = catalog.lookup(name('MarkInfo'));
  if (!(markInfo instanceof PDFDict) || markInfo.lookup(name('Marked'))?.toString() !== 'true')
    fail('tagged', 'the catalog has no `/MarkInfo << /Marked true >>`');
  if (markInfo instanceof PDFDict && markInfo.lookup(name('Suspects'))?.toString() === 'true')
    fail('01-007', '`/MarkInfo /Suspects` is true');

  // Metadata.
  const metadata = catalog.lookup(name('Metadata'));
  const xmp = metadata instanceof PDFRawStream ? streamText(metadata) : undefined;
  if (xmp === undefined) fail('06-001', 'the catalog has no XMP metadata stream');
  else {
    if (!/<pdfuaid:part>1<\/pdfuaid:part>|pdfuaid:part=["']1["']/.test(xmp))
      fail('06-002', 'the XMP metadata has no PDF/UA identifier (`pdfuaid:part` 1)');
    const title = /<dc:title>([\s\S]*?)<\/dc:title>/
      .exec(xmp)?.[1]
      ?.replace(/<[^>]+>/g, '')
      .trim();
    if (!title) fail('06-003', 'the XMP metadata has no `dc:title`');
  }
  const viewer = catalog.lookup(name('ViewerPreferences'));
  const displayTitle = viewer instanceof PDFDict ? viewer.lookup(name('DisplayDocTitle')) : undefined;
  if (displayTitle === undefined) fail('07-001', 'the viewer preferences have no `DisplayDocTitle`');
  else if (displayTitle.toString() !== 'true') fail('07-002', '`DisplayDocTitle` is false');
  const documentLanguage = textOf(catalog.lookup(name('Lang')));
  if (!documentLanguage || !languageTag.test(documentLanguage))
    fail(
      '11-006',
      `the document language (catalog \`/Lang\`) is ${documentLanguage ? `\`${documentLanguage}\`, no language tag` : 'missing'}`
    );

  // The structure tree, with every type resolved through the role map.
  const root = catalog.lookup(name('StructTreeRoot'));
  const elements: Element[] = [];
  const mcidOwner = new Map<string, Element>(); // "page ref/MCID" → element
  const annotationOwner = new Map<string, Element>();
  if (!(root instanceof PDFDict)) fail('tagged', 'the document has no structure tree');
  else {
    const roleMap = new Map<string, string>();
    const map = root.lookup(name('RoleMap'));
    if (map instanceof PDFDict)
      for (const [from, to] of map.entries())
        if (to instanceof PDFName) roleMap.set(from.decodeText(), to.decodeText());
    for (const from of roleMap.keys())
      if (standardTypes.has(from)) fail('02-004', `the role map remaps the standard type \`${from}\``);
    const resolve = (type: string): string => {
      const seen = new Set<string>();
      let current = type;
      while (!standardTypes.has(current) && roleMap.has(current)) {
        if (seen.has(current)) return `cycle:${type}`;
        seen.add(current);
        current = roleMap.get(current)!;
      }
      return current;
    };
    const reported = new Set<string>();
    const visit = (object: PDFObject, parent: Element | undefined, page: PDFObject | undefined) => {
      const value = object instanceof PDFRef ? context.lookup(object) : object;
      if (value instanceof PDFNumber) {
        if (parent) mcidOwner.set(`${String(page)}/${value.asNumber()}`, parent);
        return;
      }
      if (!(value instanceof PDFDict)) return;
      const kind = value.lookup(name('Type'));
      if (kind === name('MCR')) {
        const mcid = value.lookup(name('MCID'));
        if (parent && mcid instanceof PDFNumber)
          mcidOwner.set(`${String(value.get(name('Pg')) ?? page)}/${mcid.asNumber()}`, parent);
        return;
      }
      if (kind === name('OBJR')) {
        if (parent) annotationOwner.set(String(value.get(name('Obj'))), parent);
        return;
      }
      const raw = value.lookup(name('S'));
      const rawType = raw instanceof PDFName ? raw.decodeText() : '';
      const type = resolve(rawType);
      if (type.startsWith('cycle:') && !reported.has(rawType)) {
        reported.add(rawType);
        fail('02-003', `the role map of \`${rawType}\` is circular`);
      } else if (!standardTypes.has(type) && !reported.has(rawType)) {
        reported.add(rawType);
        fail(
          '02-001',
          `the structure type \`${rawType}\` is not standard and the role map maps it to no standard type`
        );
      }
      const element: Element = {ref: String(object), dict: value, type, parent, kids: []};
      parent?.kids.push(element);
      elements.push(element);
      const language = value.lookup(name('Lang'));
      if (language !== undefined && !languageTag.test(textOf(language) ?? ''))
        fail('11-006', `the \`/Lang\` of a ${rawType} element is \`${textOf(language)}\`, no language tag`);
      const ownPage = value.get(name('Pg')) ?? page;
      const kids = value.get(name('K'));
      for (const kid of kids instanceof PDFArray ? kids.asArray() : kids === undefined ? [] : [kids])
        visit(kid, element, ownPage);
    };
    const top = root.get(name('K'));
    for (const kid of top instanceof PDFArray ? top.asArray() : top === undefined ? [] : [top])
      visit(kid, undefined, undefined);
  }

  // Structure types in their places.
  const listKids = new Set(['LI', 'L', 'Caption']);
  const tableRows = new Set(['Table', 'THead', 'TBody', 'TFoot']);
  const count = new Map<string, number>();
  const tally = (rule: string, message: string) => {
    const key = `${rule} ${message}`;
    count.set(key, (count.get(key) ?? 0) + 1);
  };
  let lastHeading = 0;
  for (const element of elements) {
    const parentType = element.parent?.type;
    const {type} = element;
    if (type === 'L')
      for (const kid of element.kids)
        if (!listKids.has(kid.type)) tally('09-005', `an L holds a ${kid.type}, not LI, L or Caption`);
    if (type === 'LI') {
      if (parentType !== 'L') tally('09-005', `an LI is inside a ${parentType ?? 'nothing'}, not an L`);
      for (const kid of element.kids)
        if (kid.type !== 'Lbl' && kid.type !== 'LBody') tally('09-005', `an LI holds a ${kid.type}, not Lbl or LBody`);
    }
    if ((type === 'Lbl' || type === 'LBody') && parentType !== 'LI')
      tally('09-005', `a ${type} is inside a ${parentType ?? 'nothing'}, not an LI`);
    if (type === 'TR' && !tableRows.has(parentType ?? ''))
      tally('09-004', `a TR is inside a ${parentType ?? 'nothing'}, not a table`);
    if ((type === 'TH' || type === 'TD') && parentType !== 'TR')
      tally('09-004', `a ${type} is inside a ${parentType ?? 'nothing'}, not a TR`);
    if (['THead', 'TBody', 'TFoot'].includes(type) && parentType !== 'Table')
      tally('09-004', `a ${type} is inside a ${parentType ?? 'nothing'}, not a Table`);
    if (type === 'TH' && !hasScope(element.dict)) tally('15-003', 'a TH has no `/Scope` attribute');
    if (
      type === 'Figure' &&
      !textOf(element.dict.lookup(name('Alt'))) &&
      !textOf(element.dict.lookup(name('ActualText')))
    )
      tally('13-004', 'a Figure has no `/Alt`');
    const level = /^H([1-6])$/.exec(type)?.[1];
    if (level) {
      const rank = Number(level);
      if (lastHeading === 0 && rank !== 1) tally('14-002', `the first numbered heading is H${rank}, not H1`);
      else if (rank > lastHeading + 1 && lastHeading !== 0)
        tally('14-003', `an H${rank} follows an H${lastHeading}, skipping a level`);
      lastHeading = rank;
    }
  }
  for (const [key, times] of count) {
    const space = key.indexOf(' ');
    fail(key.slice(0, space), `${key.slice(space + 1)}${times > 1 ? ` (${times} times)` : ''}`);
  }

  // Annotations and fonts, page by page.
  let links = 0;
  const untaggedLinks: number[] = [];
  const undescribedLinks: number[] = [];
  for (const [index, page] of document.getPages().entries()) {
    const annotations = page.node.lookup(name('Annots'));
    const list = annotations instanceof PDFArray ? annotations.asArray() : [];
    if (list.length > 0) {
      const tabs = page.node.lookup(name('Tabs'));
      if (tabs === undefined) fail('28-008', `page ${index + 1} has annotations and no \`/Tabs\``);
      else if (tabs !== name('S')) fail('28-009', `page ${index + 1} has \`/Tabs ${String(tabs)}\`, not \`/S\``);
    }
    for (const ref of list) {
      const annotation = context.lookup(ref);
      if (!(annotation instanceof PDFDict) || annotation.lookup(name('Subtype')) !== name('Link')) continue;
      links++;
      if (annotationOwner.get(String(ref))?.type !== 'Link') untaggedLinks.push(index + 1);
      if (!textOf(annotation.lookup(name('Contents')))) undescribedLinks.push(index + 1);
    }
  }
  if (untaggedLinks.length > 0)
    fail(
      '28-011',
      `${untaggedLinks.length} link annotations belong to no Link element (pages ${pageList(untaggedLinks)})`
    );
  if (undescribedLinks.length > 0)
    fail(
      '28-012',
      `${undescribedLinks.length} link annotations have no \`/Contents\` (pages ${pageList(undescribedLinks)})`
    );
  for (const [, object] of context.enumerateIndirectObjects()) {
    if (!(object instanceof PDFDict) || object.lookup(name('Type')) !== name('FontDescriptor')) continue;
    if (!['FontFile', 'FontFile2', 'FontFile3'].some((key) => object.has(name(key))))
      fail('31-009', `the font \`${String(object.lookup(name('FontName')))}\` is not embedded`);
  }

  // Page content: what is painted, and inside which marked content.
  const content = await checkContent(bytes, document, mcidOwner);
  for (const failure of content.failures) fail(failure.rule, failure.message);
  return {failures, elements: elements.length, paintedRuns: content.painted, artifacts: content.artifacts, links};
}

/** Operators that put marks on the page (a path is painted by `constructPath`'s own painting operator). */
const paintingOperators = new Set(
  [
    'showText',
    'showSpacedText',
    'nextLineShowText',
    'nextLineSetSpacingShowText',
    'stroke',
    'closeStroke',
    'fill',
    'eoFill',
    'fillStroke',
    'eoFillStroke',
    'closeFillStroke',
    'closeEOFillStroke',
    'shadingFill',
    'paintImageXObject',
    'paintInlineImageXObject',
    'paintImageMaskXObject',
    'paintImageXObjectRepeat',
    'paintImageMaskXObjectRepeat',
    'paintSolidColorImageMask',
    'paintInlineImageXObjectGroup',
    'paintImageMaskXObjectGroup'
  ].map((operator) => OPS[operator as keyof typeof OPS])
);

/** Check, with pdf.js's operator lists, that every mark on every page is tagged content or an artifact. */
async function checkContent(
  bytes: Uint8Array,
  document: PDFDocument,
  mcidOwner: ReadonlyMap<string, Element>
): Promise<{failures: UaFailure[]; painted: number; artifacts: number}> {
  const failures: UaFailure[] = [];
  const pdf = await getDocument({
    data: new Uint8Array(bytes),
    verbosity: 0,
    disableFontFace: true,
    useSystemFonts: false
  }).promise;
  const pageRefs = document.getPages().map((page) => String(page.ref));
  let painted = 0;
  let artifacts = 0;
  const untagged: number[] = [];
  const orphanMcids: string[] = [];
  try {
    for (let number = 1; number <= pdf.numPages; number++) {
      const page = await pdf.getPage(number);
      const {fnArray, argsArray} = await page.getOperatorList();
      // Each open marked-content sequence: whether it is tagged content (an MCID) or an artifact.
      const stack: Array<'tagged' | 'artifact' | 'other'> = [];
      let untaggedHere = 0;
      for (const [index, operator] of fnArray.entries()) {
        const args = argsArray[index] as unknown[] | null;
        if (operator === OPS.beginMarkedContent || operator === OPS.beginMarkedContentProps) {
          // pdf.js gives a BMC's tag as a name object, a BDC's as a string.
          const raw = args?.[0];
          const tag = typeof raw === 'object' && raw !== null && 'name' in raw ? String(raw.name) : String(raw ?? '');
          const mcid = operator === OPS.beginMarkedContentProps && typeof args?.[1] === 'number' ? args[1] : undefined;
          const kind = tag === 'Artifact' ? 'artifact' : mcid !== undefined ? 'tagged' : 'other';
          if (kind === 'artifact') {
            artifacts++;
            if (stack.includes('tagged'))
              failures.push({rule: '01-003', message: `page ${number}: an artifact inside tagged content`});
          }
          if (kind === 'tagged') {
            if (stack.includes('artifact'))
              failures.push({
                rule: '01-004',
                message: `page ${number}: tagged content (MCID ${mcid}) inside an artifact`
              });
            if (!mcidOwner.has(`${pageRefs[number - 1]}/${mcid}`)) orphanMcids.push(`${number}/${mcid}`);
          }
          stack.push(kind);
          continue;
        }
        if (operator === OPS.endMarkedContent) {
          stack.pop();
          continue;
        }
        const paints =
          paintingOperators.has(operator) ||
          (operator === OPS.constructPath && paintingOperators.has((args?.[0] as number | undefined) ?? -1));
        if (!paints) continue;
        painted++;
        if (!stack.includes('tagged') && !stack.includes('artifact')) untaggedHere++;
      }
      if (untaggedHere > 0) untagged.push(number);
      page.cleanup();
    }
  } finally {
    await pdf.destroy();
  }
  if (untagged.length > 0)
    failures.push({
      rule: '01-005',
      message: `content neither tagged nor an artifact is painted on pages ${pageList(untagged)}`
    });
  if (orphanMcids.length > 0)
    failures.push({
      rule: '01-005',
      message: `marked content that no structure element owns (page/MCID ${orphanMcids.slice(0, 5).join(', ')}${orphanMcids.length > 5 ? ', …' : ''})`
    });
  return {failures, painted, artifacts};
}

function hasScope(element: PDFDict): boolean {
  const attributes = element.lookup(name('A'));
  const list = attributes instanceof PDFArray ? attributes.asArray() : attributes ? [attributes] : [];
  return list.some((item) => {
    const value = item instanceof PDFRef ? element.context.lookup(item) : item;
    return value instanceof PDFDict && value.lookup(name('Scope')) instanceof PDFName;
  });
}

function textOf(value: PDFObject | undefined): string | undefined {
  return value instanceof PDFString || value instanceof PDFHexString ? value.decodeText() : undefined;
}

function streamText(stream: PDFRawStream): string {
  const raw = Buffer.from(stream.getContents());
  return (stream.dict.lookup(name('Filter')) === name('FlateDecode') ? inflateSync(raw) : raw).toString('utf8');
}

function pageList(numbers: readonly number[]): string {
  const pages = [...new Set(numbers)];
  return pages.length > 12 ? `${pages.slice(0, 12).join(', ')}, …` : pages.join(', ');
}
