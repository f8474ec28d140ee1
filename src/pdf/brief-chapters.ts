import {FolioError} from '../diagnostics/errors.js';

/** `--chapter` named a chapter the report does not have. */
export class UnknownChapterError extends FolioError {
  constructor(unknown: readonly string[], available: readonly string[]) {
    const names = (slugs: readonly string[]) => slugs.map((slug) => `\`${slug}\``).join(', ');
    super(`No chapter ${names(unknown)} in the report; use one of ${names(available)}`);
  }
}

/**
 * The chapters to make briefs of, in report order: those named in `only`, or else every
 * chapter marked `brief`. Throws `UnknownChapterError` for a slug that is no chapter.
 */
export function selectBriefChapters<Chapter extends {slug: string; brief: boolean}>(
  report: {chapters: readonly Chapter[]},
  only: readonly string[]
): Chapter[] {
  if (only.length === 0) return report.chapters.filter((chapter) => chapter.brief);
  const slugs = new Set(report.chapters.map((chapter) => chapter.slug));
  const unknown = [...new Set(only)].filter((slug) => !slugs.has(slug));
  if (unknown.length > 0) throw new UnknownChapterError(unknown, [...slugs]);
  return report.chapters.filter((chapter) => only.includes(chapter.slug));
}
