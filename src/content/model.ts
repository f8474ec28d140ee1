import type {Root} from 'mdast';
import type {VFile} from 'vfile';
import type {Manifest} from '../config/schema.js';

/** The report's metadata: the manifest without its chapter list, with the slug resolved. */
export type ReportMeta = Omit<Manifest, 'chapters' | 'slug'> & {
  slug: string;
  /** The digits dates and numbers are written in (the edition's choice; Latin unless it says otherwise). */
  digits?: 'latn' | 'arab';
};

/** One Markdown file of the report, parsed. */
export interface SourceFile {
  /** The file, with its text and the messages about it; `file.path` is relative to the working folder. */
  readonly file: VFile;
  /** Path relative to the content folder, with `/` separators: how links name it. */
  readonly contentPath: string;
  /** The Markdown tree. */
  readonly tree: Root;
  /** Validated front matter. */
  readonly frontMatter: {title?: string; translates?: string};
  /** Its translations, by edition language: `name.<language>.md` beside it (see src/content/editions.ts). */
  readonly translations?: ReadonlyMap<string, SourceFile>;
  /** In an edition's report: the language of this text when it is the source standing in for a missing translation. */
  readonly fallbackLanguage?: string;
  /** In an edition's report: the source file this file translates. */
  readonly translationOf?: SourceFile;
}

/** A chapter: one Markdown file, or a folder whose `index.md` opens it followed by its sections. */
export interface Chapter {
  /** Unique across the report; used for ids, file names and brief names. */
  readonly slug: string;
  readonly title: string;
  /** Path of the manifest entry, relative to the content folder. */
  readonly contentPath: string;
  readonly brief: boolean;
  /** The opening file first (the chapter file itself or `index.md`), then the section files in order. */
  readonly files: readonly SourceFile[];
}

/** The whole report as loaded from the content folder. */
export interface Report {
  readonly contentDir: string;
  readonly meta: ReportMeta;
  readonly chapters: readonly Chapter[];
  /** In an edition's report: the source files (content paths) its `fallback: omit` left out; links to them become text. */
  readonly omittedFiles?: ReadonlySet<string>;
}
