import type {EditionEntry} from '../config/schema.js';
import {reportError} from '../diagnostics/messages.js';
import {ruleIds} from '../diagnostics/rule-ids.js';
import {chapterTitle} from './load-report.js';
import type {Chapter, Report, SourceFile} from './model.js';

/** One edition of the report: its language's text, with the source standing in where a translation is missing. */
export interface Edition {
  entry: EditionEntry;
  /** Whether this is the source language's edition (the manifest's first). */
  isSource: boolean;
  /** What output file names add for this edition: nothing for the source, `.<language>` for the others. */
  suffix: string;
  report: Report;
}

/**
 * The report's editions, the source language's first. In every other edition each file is its
 * translation (`name.<language>.md` beside it) when there is one; otherwise, by the edition's
 * `fallback`, the source text marked with the source's language (`source`, the default), nothing
 * (`omit`: a chapter whose opening file has no translation is left out whole), or an error on
 * the source file (`error`).
 */
export function reportEditions(report: Report): Edition[] {
  const [source, ...others] = report.meta.editions;
  // The source edition keeps its files; what its entry says of title, briefs and digits holds for it too.
  const sourceChapters = report.chapters.map((chapter) => ({
    ...chapter,
    brief: source!.briefs ? source!.briefs.includes(chapter.slug) : chapter.brief
  }));
  const editions: Edition[] = [
    {
      entry: source!,
      isSource: true,
      suffix: '',
      report: {...report, meta: editionMeta(report, source!), chapters: sourceChapters}
    }
  ];
  for (const entry of others) {
    const chapters: Chapter[] = [];
    const omitted = new Set<string>();
    for (const chapter of report.chapters) {
      const files: SourceFile[] = [];
      for (const [position, file] of chapter.files.entries()) {
        const translation = file.translations?.get(entry.language);
        if (translation) files.push({...translation, translationOf: file});
        else if (entry.fallback === 'source') files.push({...file, fallbackLanguage: report.meta.language});
        else if (entry.fallback === 'error')
          reportError(
            file.file,
            `No \`${entry.language}\` translation of this file, and the \`${entry.language}\` edition has \`fallback: error\`; write \`${file.contentPath.replace(/\.md$/i, `.${entry.language}.md`)}\`, or set \`fallback: source\``,
            {line: 1, column: 1},
            ruleIds.translationMissing
          );
        else if (position === 0) {
          // `omit`: no chapter without its opening.
          for (const left of chapter.files) omitted.add(left.contentPath);
          break;
        } else omitted.add(file.contentPath);
      }
      // Left out (`omit`) or in error: the opening file is not there.
      if (files[0]?.contentPath !== chapter.files[0]?.contentPath && !files[0]?.translationOf) continue;
      chapters.push({
        ...chapter,
        title: chapterTitle(files[0]!),
        brief: entry.briefs ? entry.briefs.includes(chapter.slug) : chapter.brief,
        files
      });
    }
    editions.push({
      entry,
      isSource: false,
      suffix: `.${entry.language}`,
      report: {...report, meta: editionMeta(report, entry), chapters, omittedFiles: omitted}
    });
  }
  return editions;
}

/** The report's metadata as an edition has it: its language and digits, and whatever it overrides. */
function editionMeta(report: Report, entry: EditionEntry): Report['meta'] {
  return {
    ...report.meta,
    language: entry.language,
    digits: entry.digits,
    ...(entry.title ? {title: entry.title} : {}),
    ...(entry.subtitle ? {subtitle: entry.subtitle} : {}),
    ...(entry.description ? {description: entry.description} : {}),
    ...(entry.keywords ? {keywords: entry.keywords} : {}),
    ...(entry.identifier ? {identifier: entry.identifier} : {})
  };
}
