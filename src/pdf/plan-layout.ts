import type {PrintLayout} from '../html/print-document.js';
import type {CompiledReport} from '../html/model.js';

/**
 * From where a print put each chapter and section (0-based page indexes, printed with the
 * blank pages of `current`), work out the next layout: a blank page wherever a chapter would
 * start on a left-hand page, and each heading's printed page number, counting the body from 1.
 * Blank pages only shift what follows them by whole pages, so one measurement is enough.
 */
export function planLayout(report: CompiledReport, measured: ReadonlyMap<string, number>, current: PrintLayout): PrintLayout {
  const chapters = report.chapters;
  const firstId = chapters[0]?.id;
  if (firstId === undefined) return current;
  // Positions as they would be with no blank pages at all.
  let removed = current.blankBeforeBody ? 1 : 0;
  const natural = new Map<string, number>();
  for (const chapter of chapters) {
    if (current.blankBefore.has(chapter.id)) removed++;
    for (const id of [chapter.id, ...chapter.sections.map((section) => section.id)]) {
      const page = measured.get(id);
      if (page === undefined) throw new Error(`The printed PDF has no destination for \`${id}\``);
      natural.set(id, page - removed);
    }
  }
  // Index 0 is the cover, a right-hand page: right-hand pages have even indexes.
  let added = 0;
  const blankBeforeBody = natural.get(firstId)! % 2 === 1;
  if (blankBeforeBody) added++;
  const bodyStart = natural.get(firstId)! + added;
  const blankBefore = new Set<string>();
  const pages: Record<string, string> = {};
  for (const [position, chapter] of chapters.entries()) {
    if (position > 0 && (natural.get(chapter.id)! + added) % 2 === 1) {
      blankBefore.add(chapter.id);
      added++;
    }
    for (const id of [chapter.id, ...chapter.sections.map((section) => section.id)]) {
      pages[id] = String(natural.get(id)! + added - bodyStart + 1);
    }
  }
  return {pages, blankBefore, blankBeforeBody};
}

/** Whether two layouts print the same pages. */
export function sameLayout(a: PrintLayout, b: PrintLayout): boolean {
  return (
    a.blankBeforeBody === b.blankBeforeBody &&
    JSON.stringify([...a.blankBefore].sort()) === JSON.stringify([...b.blankBefore].sort()) &&
    JSON.stringify(a.pages) === JSON.stringify(b.pages)
  );
}
