import {PDFName, type PDFDocument} from 'pdf-lib';
import {isoSeconds} from '../output/build-date.js';

/** What the XMP packet says about the document. */
export interface XmpFields {
  title: string;
  authors: readonly string[];
  description: string;
  keywords: readonly string[];
  language: string;
  date: Date;
  producer: string;
}

/**
 * Add an XMP metadata stream matching the document information dictionary: PDF/UA and
 * accessibility checkers read the title and language from XMP, not from the Info dictionary.
 * It declares PDF/UA-1 (`pdfuaid:part` 1), which the PDF/UA checker in the tests
 * (tests/helpers/pdf-ua.ts) holds every PDF Folio prints to.
 * Uncompressed, as the PDF specification recommends, so that any tool can find it.
 */
export function addXmpMetadata(document: PDFDocument, fields: XmpFields): void {
  const date = isoSeconds(fields.date);
  const list = (tag: string, items: readonly string[], lang = false) =>
    `<rdf:${tag}>${items.map((item) => `<rdf:li${lang ? ' xml:lang="x-default"' : ''}>${escapeXml(item)}</rdf:li>`).join('')}</rdf:${tag}>`;
  const xml = `<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmlns:pdf="http://ns.adobe.com/pdf/1.3/">
<dc:format>application/pdf</dc:format>
<dc:title>${list('Alt', [fields.title], true)}</dc:title>
<dc:creator>${list('Seq', fields.authors)}</dc:creator>
<dc:description>${list('Alt', [fields.description], true)}</dc:description>
<dc:subject>${list('Bag', fields.keywords)}</dc:subject>
<dc:language>${list('Bag', [fields.language])}</dc:language>
<xmp:CreatorTool>Folio</xmp:CreatorTool>
<xmp:CreateDate>${date}</xmp:CreateDate>
<xmp:ModifyDate>${date}</xmp:ModifyDate>
<xmp:MetadataDate>${date}</xmp:MetadataDate>
<pdf:Producer>${escapeXml(fields.producer)}</pdf:Producer>
<pdf:Keywords>${escapeXml(fields.keywords.join(', '))}</pdf:Keywords>
</rdf:Description>
<rdf:Description rdf:about="" xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">
<pdfuaid:part>1</pdfuaid:part>
</rdf:Description>
</rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>`;
  const stream = document.context.stream(Buffer.from(xml, 'utf8'), {Type: 'Metadata', Subtype: 'XML'});
  document.catalog.set(PDFName.of('Metadata'), document.context.register(stream));
}

function escapeXml(text: string): string {
  return text.replace(/[<>&"]/g, (char) => ({'<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;'})[char]!);
}
