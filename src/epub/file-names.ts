import path from 'node:path/posix';
import type {CompiledReport} from '../html/model.js';

/** Characters epub-gen-memory keeps in a file name; anything else it silently drops. */
const unsafe = /[^-._A-Za-z0-9]/g;

/** Where each chapter and image lives inside the package, named the same way on every build. */
export interface EpubFileNames {
  /** The XHTML file of the chapter with this slug, relative to the package document. */
  chapter: (slug: string) => string;
  /** The packaged name of an image, by its path relative to the content folder. */
  image: (contentPath: string) => string;
}

/**
 * Name the package's files from their order and their names in the content, so that two builds
 * of the same report name them alike and links between chapters can be written before packing.
 */
export function epubFileNames(report: CompiledReport, imagePaths: readonly string[]): EpubFileNames {
  const chapters = new Map(
    report.chapters.map((chapter, index) => [
      chapter.slug,
      `${numbered(index)}-${safeName(chapter.slug, 'chapter')}.xhtml`
    ])
  );
  const images = new Map(
    imagePaths.map((contentPath, index) => {
      const extension = path.extname(contentPath).toLowerCase();
      return [
        contentPath,
        `images/${numbered(index)}-${safeName(path.basename(contentPath, path.extname(contentPath)), 'image')}${extension}`
      ];
    })
  );
  return {
    chapter: (slug) => lookup(chapters, slug, 'chapter'),
    image: (contentPath) => lookup(images, contentPath, 'image')
  };
}

function numbered(index: number): string {
  return String(index + 1).padStart(2, '0');
}

/** An ASCII file name; the numbered prefix keeps names unique when non-ASCII letters fall away. */
function safeName(name: string, fallback: string): string {
  const safe = name
    .normalize('NFKD')
    .replace(/\s+/g, '-')
    .replace(unsafe, '')
    .replace(/^[-.]+/, '');
  return safe || fallback;
}

function lookup(names: ReadonlyMap<string, string>, key: string, kind: string): string {
  const name = names.get(key);
  // Every link target and image was resolved by the check stage, so a miss is a bug in Folio.
  if (name === undefined) throw new Error(`No EPUB file for ${kind} \`${key}\``);
  return name;
}
