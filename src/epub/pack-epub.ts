import {EPub, type Chapter, type Options} from 'epub-gen-memory';
import type nunjucks from 'nunjucks';
import type {ReportMeta} from '../content/model.js';
import {firstLine, StageError} from '../diagnostics/errors.js';
import type {PackageData} from './package-data.js';

/** A content document, as epub-gen-memory's chapter template receives it. */
export interface PackedDocument {
  /** Manifest id. */
  id: string;
  filename: string;
  title: string;
  /** Before the contents page in the reading order (cover, title page). */
  front: boolean;
  kind: 'cover' | 'titlepage' | 'chapter';
  /** Serialized XHTML of a chapter's body. */
  body?: string;
  /** Cover page: the image and its text alternative. */
  image?: string;
  alt?: string;
  /** Title page: what it shows. */
  meta?: ReportMeta;
  longDate?: string;
  imprintLabel?: string;
  imprint?: string[];
  /** The writing direction of the report's language (`dir` on the document). */
  direction: 'ltr' | 'rtl';
}

/** The templates epub-gen-memory renders (ejs), in the templates folder. */
const templateFiles = {
  contentOPF: 'epub/package.opf.ejs',
  tocXHTML: 'epub/nav.xhtml.ejs',
  tocNCX: 'epub/toc.ncx.ejs',
  chapterXHTML: 'epub/chapter.xhtml.ejs',
  css: 'epub/epub.css'
} as const;

/** Styles every edition shares, put before the EPUB's own stylesheet. */
const sharedCss = 'shared/conformance.css';

/** Where the cover image goes in the book: epub-gen-memory's name for a PNG cover. */
export const coverEntry = 'OEBPS/cover.png';

/**
 * Lay out the EPUB with epub-gen-memory, rendering Folio's own templates for the package
 * document, navigation, NCX and content documents. Chapter bodies reach the template as
 * `folio.body` rather than as `content`: its clean-up would re-encode every non-ASCII letter
 * as a character reference and rename images at random. The cover is declared with an empty
 * stand-in, so that the book is laid out while Chromium still photographs the cover: the PNG
 * goes in as `coverEntry` when `repackEpub` makes the uncompressed zip this returns deterministic.
 */
export async function packEpub(
  templates: nunjucks.Environment,
  data: PackageData,
  documents: readonly PackedDocument[]
): Promise<Uint8Array> {
  const options: Options & {folio: PackageData} = {
    ...Object.fromEntries(
      Object.entries(templateFiles).map(([option, name]) => [option, templateText(templates, name)])
    ),
    css: `${templateText(templates, sharedCss)}\n${templateText(templates, templateFiles.css)}`,
    title: data.title,
    author: data.authors,
    publisher: data.publisher,
    description: data.description,
    lang: data.language,
    date: data.date,
    tocTitle: data.words.contents,
    prependChapterTitles: false,
    numberChaptersInTOC: false,
    cover: new File([], coverEntry.split('/').pop()!, {type: 'image/png'}),
    version: 3,
    folio: data
  };
  const chapters: Array<Chapter & {folio: PackedDocument}> = documents.map((document) => ({
    title: document.title,
    content: '',
    filename: document.filename,
    beforeToc: document.front,
    excludeFromToc: document.front,
    folio: document
  }));
  try {
    const book = await new EPub(options, chapters).render();
    return await book.generateAsync({type: 'uint8array', compression: 'STORE'});
  } catch (error) {
    throw new StageError('epub', `epub-gen-memory could not lay out the EPUB: ${firstLine(error)}`, {cause: error});
  }
}

/**
 * The text of a file in the templates folder, found by the loader Nunjucks uses, so that a build
 * with its own templates folder (`BuildOptions.templatesDir`) gets its own EPUB templates too.
 */
function templateText(environment: nunjucks.Environment, name: string): string {
  // `loaders` is public in Nunjucks but missing from its type declarations.
  const loaders = (environment as unknown as {loaders: nunjucks.ILoader[]}).loaders;
  for (const loader of loaders) {
    const source = loader.getSource(name);
    if (source) return source.src;
  }
  throw new StageError('epub', `Cannot find the template \`${name}\` in the templates folder`);
}
