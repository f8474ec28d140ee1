import {
  PDFArray,
  PDFDict,
  PDFDocument,
  PDFHexString,
  PDFName,
  PDFNumber,
  PDFRef,
  PDFString,
  type PDFObject
} from 'pdf-lib';
import {getDocument} from 'pdfjs-dist/legacy/build/pdf.mjs';

/** A structure element in reading order: its type, its text (that of all its content), its language. */
export interface StructureBlock {
  type: string;
  text: string;
  lang?: string;
}

/**
 * Every structure element of a tagged PDF in the structure tree's order, which is the order a
 * screen reader reads in, with its text: pdf.js gives the text of each piece of marked content
 * (by page and MCID), pdf-lib walks the tree that owns them.
 */
export async function structureText(bytes: Uint8Array): Promise<StructureBlock[]> {
  const texts = await markedContentText(bytes);
  const document = await PDFDocument.load(bytes, {updateMetadata: false});
  const context = document.context;
  const pageIndex = new Map(document.getPages().map((page, index) => [String(page.ref), index]));
  const blocks: StructureBlock[] = [];
  const visit = (object: PDFObject, page: PDFObject | undefined): string => {
    const value = object instanceof PDFRef ? context.lookup(object) : object;
    if (value instanceof PDFNumber) return texts.get(`${pageIndex.get(String(page))}/${value.asNumber()}`) ?? '';
    if (!(value instanceof PDFDict)) return '';
    const kind = value.lookup(PDFName.of('Type'));
    if (kind === PDFName.of('MCR')) {
      const mcid = value.lookup(PDFName.of('MCID'), PDFNumber).asNumber();
      return texts.get(`${pageIndex.get(String(value.get(PDFName.of('Pg')) ?? page))}/${mcid}`) ?? '';
    }
    if (kind === PDFName.of('OBJR')) return '';
    const block: StructureBlock = {type: String(value.lookup(PDFName.of('S'))).replace(/^\//, ''), text: ''};
    const lang = value.lookup(PDFName.of('Lang'));
    if (lang instanceof PDFString || lang instanceof PDFHexString) block.lang = lang.decodeText();
    blocks.push(block);
    const own = value.get(PDFName.of('Pg')) ?? page;
    const kids = value.get(PDFName.of('K'));
    const list = kids instanceof PDFArray ? kids.asArray() : kids === undefined ? [] : [kids];
    block.text = list
      .map((kid) => visit(kid, own))
      .join('')
      .replace(/\s+/g, ' ')
      .trim();
    return block.text + ' ';
  };
  visit(document.catalog.lookup(PDFName.of('StructTreeRoot'), PDFDict).get(PDFName.of('K'))!, undefined);
  return blocks;
}

/** The text of each piece of marked content, keyed `page index/MCID`. */
async function markedContentText(bytes: Uint8Array): Promise<Map<string, string>> {
  const pdf = await getDocument({data: new Uint8Array(bytes), verbosity: 0, disableFontFace: true}).promise;
  const texts = new Map<string, string>();
  try {
    for (let number = 1; number <= pdf.numPages; number++) {
      const page = await pdf.getPage(number);
      const content = await page.getTextContent({includeMarkedContent: true});
      const open: Array<string | undefined> = [];
      for (const item of content.items) {
        if ('type' in item) {
          if (item.type === 'beginMarkedContentProps' || item.type === 'beginMarkedContent') {
            const mcid = item.id ? /_mc(\d+)$/.exec(item.id)?.[1] : undefined;
            open.push(mcid === undefined ? open.at(-1) : `${number - 1}/${mcid}`);
          } else if (item.type === 'endMarkedContent') open.pop();
          continue;
        }
        const key = open.at(-1);
        if (key) texts.set(key, (texts.get(key) ?? '') + item.str + (item.hasEOL ? ' ' : ''));
      }
    }
  } finally {
    await pdf.destroy();
  }
  return texts;
}
