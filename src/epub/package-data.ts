import type {CompiledReport} from '../html/model.js';
import {textDirection} from '../html/direction.js';
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
  /** Folio's own words the templates print, in the report's language. */
  words: {contents: string; landmarks: string};
  /** The writing direction of the report's language: the package's and every document's `dir`, and the spine's progression. */
  direction: 'ltr' | 'rtl';
}

/** The package's metadata and navigation, from the report and the names its files were given. */
export function packageData(
  report: CompiledReport,
  files: EpubFileNames,
  options: {images: PackagedImage[]; accessibility: AccessibilityMetadata; date: Date}
): PackageData {
  const meta = report.meta;
  const text = report.messages.text;
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
    rights: rightsLine(report),
    accessibility: options.accessibility,
    images: options.images,
    chapters,
    depth: chapters.some((chapter) => chapter.sections.length > 0) ? 2 : 1,
    landmarks: [
      {type: 'cover', href: frontFiles.cover, title: text('cover')},
      {type: 'titlepage', href: frontFiles.titlePage, title: text('titlePage')},
      {type: 'toc', href: `${frontFiles.nav}#toc`, title: text('contents')},
      {type: 'bodymatter', href: chapters[0]!.href, title: text('startOfContent')}
    ],
    words: {contents: text('contents'), landmarks: text('landmarks')},
    direction: textDirection(meta.language)
  };
}

/** The copyright line, worded as in the print edition's imprint. */
export function rightsLine(report: CompiledReport): string {
  return report.messages.text('copyright', {year: report.meta.date.slice(0, 4), publisher: report.meta.publisher});
}

/** The imprint's lines, as the print edition's imprint has them. */
export function imprintLines(report: CompiledReport): string[] {
  const {meta, messages} = report;
  return [
    messages.text('firstPublished', {date: longDate(meta.date, meta.language, meta.digits), publisher: meta.publisher}),
    rightsLine(report),
    meta.description,
    messages.text('identifier', {identifier: meta.identifier})
  ];
}

/** The cover's text alternative: the words the cover shows, in its order. */
export function coverAlt(report: CompiledReport): string {
  const {meta, messages} = report;
  return (
    [
      messages.text('coverAlt', {publisher: meta.publisher}),
      meta.title,
      meta.subtitle,
      longDate(meta.date, meta.language, meta.digits)
    ]
      .filter(Boolean)
      .join('. ') + '.'
  );
}
