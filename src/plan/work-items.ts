import type {Edition} from '../content/editions.js';
import type {Format} from '../formats.js';
import {selectBriefChapters} from '../pdf/brief-chapters.js';

/** One output of a build, as a unit of work a CI job can take: an edition's PDF or EPUB, or one brief. */
export interface WorkItem {
  /** `pdf:en`, `epub:ru`, `brief:ru:kazakhstan`: unique in the plan, the same on every run. */
  id: string;
  language: string;
  format: Format;
  /** The brief's chapter. */
  chapter?: string;
  /** Where the build writes it, relative to the output folder. */
  output: string;
  /** What it is expected to cost, in printed pages (an EPUB counts a quarter of its pages): what shards balance. */
  weight: number;
}

/** Characters of Markdown to a printed page, roughly, in the default templates (A4, 10 pt). */
const charactersPerPage = 2600;
/** The front matter of the report: cover, title page, imprint, contents. */
const frontPages = 4;

/** What planning needs of an edition: its language, output names and chapters with the length of their text. */
export interface EditionOutline {
  language: string;
  /** The report's slug and the edition's suffix: `<slug><suffix>.pdf`. */
  slug: string;
  suffix: string;
  chapters: Array<{slug: string; brief: boolean; characters: number}>;
}

/** The outline of a loaded edition (before it is compiled, so that `folio plan` needs no compiling). */
export function editionOutline(edition: Edition): EditionOutline {
  return {
    language: edition.entry.language,
    slug: edition.report.meta.slug,
    suffix: edition.suffix,
    chapters: edition.report.chapters.map((chapter) => ({
      slug: chapter.slug,
      brief: chapter.brief,
      characters: chapter.files.reduce((sum, file) => sum + String(file.file.value).length, 0)
    }))
  };
}

/**
 * Every output the build of `formats` makes, in the order the build makes them: per edition (the
 * source's first), the PDF, the EPUB and the briefs (of `chapters`, or of those each edition
 * prints). Each has a weight from the length of its text, so that shards can be balanced
 * before anything is built.
 */
export function workItems(
  editions: readonly EditionOutline[],
  formats: readonly Format[],
  chapters: readonly string[] = []
): WorkItem[] {
  const items: WorkItem[] = [];
  for (const {language, slug, suffix, ...edition} of editions) {
    const pages = new Map(
      edition.chapters.map((chapter) => [chapter.slug, Math.max(1, Math.ceil(chapter.characters / charactersPerPage))])
    );
    const whole = frontPages + [...pages.values()].reduce((sum, count) => sum + count, 0);
    if (formats.includes('pdf'))
      items.push({id: `pdf:${language}`, language, format: 'pdf', output: `${slug}${suffix}.pdf`, weight: whole});
    if (formats.includes('epub'))
      items.push({
        id: `epub:${language}`,
        language,
        format: 'epub',
        output: `${slug}${suffix}.epub`,
        weight: Math.ceil(whole / 4)
      });
    if (formats.includes('briefs'))
      for (const chapter of selectBriefChapters(edition, chapters))
        items.push({
          id: `brief:${language}:${chapter.slug}`,
          language,
          format: 'briefs',
          chapter: chapter.slug,
          output: `briefs/${chapter.slug}${suffix}.pdf`,
          weight: pages.get(chapter.slug)! + 1
        });
  }
  return items;
}

/** A share of the work: the `index`-th (from 1) of `count`. */
export interface Shard {
  index: number;
  count: number;
}

/**
 * The items of `shard`: the items are dealt out heaviest first, each to the shard with the least
 * weight so far (the lowest-numbered among equals), which keeps shards within one item's weight
 * of each other. Deterministic: the same plan and count give every job the same split, so N jobs
 * together build every item exactly once.
 */
export function shardItems(items: readonly WorkItem[], shard: Shard): WorkItem[] {
  const loads = new Array<number>(shard.count).fill(0);
  const owner = new Map<string, number>();
  const order = [...items].sort((a, b) => b.weight - a.weight || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (const item of order) {
    const lightest = loads.indexOf(Math.min(...loads));
    owner.set(item.id, lightest);
    loads[lightest]! += item.weight;
  }
  return items.filter((item) => owner.get(item.id) === shard.index - 1);
}
