import type {ReportMeta} from '../content/model.js';
import type {CompiledReport} from '../html/model.js';
import {longDate} from '../html/templates.js';
import {isoSeconds} from '../output/build-date.js';
import type {AccessibilityMetadata} from './accessibility.js';
import type {EpubFileNames} from './file-names.js';

/** The file names of the documents Folio adds around the chapters. */
export const frontFiles = {cover: 'cover.xhtml', titlePage: 'title.xhtml', nav: 'toc.xhtml'} as const;

/** An image packaged beside the chapters. */
export interface PackagedImage {
  id: string;
  href: string;
  mediaType: string;
}

/** A line of the contents: where it goes and what it says. */
export interface NavEntry {
  href: string;
  title: string;
}

/** What the package, navigation and NCX templates need beyond what epub-gen-memory gives them. */
export interface PackageData {
  identifier: string;
  title: string;
  subtitle: string | undefined;
  authors: string[];
  publisher: string;
  language: string;
  date: string;
  /** `dcterms:modified`: the build date, to the second, in UTC. */
  modified: string;
  description: string;
  keywords: string[];
  rights: string;
  accessibility: AccessibilityMetadata;
  images: PackagedImage[];
  chapters: Array<NavEntry & {sections: NavEntry[]}>;
  /** Levels of the contents (for the NCX). */
  depth: number;
  landmarks: Array<NavEntry & {type: string}>;
}

/** The package's metadata and navigation, from the report and the names its files were given. */
export function packageData(
  report: CompiledReport,
  files: EpubFileNames,
  options: {images: PackagedImage[]; accessibility: AccessibilityMetadata; date: Date; tocTitle: string}
): PackageData {
  const meta = report.meta;
  const chapters = report.chapters.map((chapter) => {
    const file = files.chapter(chapter.slug);
    return {
      href: file,
      title: chapter.title,
      sections: chapter.sections.map((section) => ({href: `${file}#${section.id}`, title: section.title}))
    };
  });
  return {
    identifier: meta.identifier,
    title: meta.title,
    subtitle: meta.subtitle,
    authors: meta.authors,
    publisher: meta.publisher,
    language: meta.language,
    date: meta.date,
    modified: isoSeconds(options.date),
    description: meta.description,
    keywords: meta.keywords,
    rights: rightsLine(meta),
    accessibility: options.accessibility,
    images: options.images,
    chapters,
    depth: chapters.some((chapter) => chapter.sections.length > 0) ? 2 : 1,
    landmarks: [
      {type: 'cover', href: frontFiles.cover, title: 'Cover'},
      {type: 'titlepage', href: frontFiles.titlePage, title: 'Title page'},
      {type: 'toc', href: `${frontFiles.nav}#toc`, title: options.tocTitle},
      {type: 'bodymatter', href: chapters[0]!.href, title: 'Start of content'}
    ]
  };
}

/** The copyright line, worded as in the print edition's imprint. */
export function rightsLine(meta: ReportMeta): string {
  return `© ${meta.date.slice(0, 4)} ${meta.publisher}. All rights reserved.`;
}

/** The cover's text alternative: the words the cover shows, in its order. */
export function coverAlt(meta: ReportMeta): string {
  return (
    [`Cover: ${meta.publisher}`, meta.title, meta.subtitle, longDate(meta.date, meta.language)]
      .filter(Boolean)
      .join('. ') + '.'
  );
}
