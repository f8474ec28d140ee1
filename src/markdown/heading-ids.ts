import GithubSlugger, {slug as plainSlug} from 'github-slugger';
import type {Root} from 'hast';
import type {Root as MdastRoot} from 'mdast';
import {toString as mdastToString} from 'mdast-util-to-string';
import {headingRank} from 'hast-util-heading-rank';
import {toString} from 'hast-util-to-string';
import {visit} from 'unist-util-visit';
import type {VFile} from 'vfile';
import {ruleIds} from '../diagnostics/rule-ids.js';
import {reportWarning} from '../diagnostics/messages.js';

/** Ids already used anywhere in the report: each file's ids are checked against it. */
export type IdRegistry = Set<string>;

/**
 * `part` when it is plain ASCII, else `fallback`. Ids become PDF destination names, which
 * Chromium percent-encodes: a Cyrillic heading would make a name longer than the 127 bytes
 * PDF readers are required to support.
 */
export function asciiId(part: string, fallback: string): string {
  return /^[\x21-\x7e]+$/.test(part) ? part : fallback;
}

/** Make `candidate` unique in `registry` (adding `-2`, `-3`…) and claim it. */
export function claimId(registry: IdRegistry, candidate: string): string {
  let id = candidate;
  for (let count = 2; registry.has(id); count++) id = `${candidate}-${count}`;
  registry.add(id);
  return id;
}

/**
 * Give every heading an id unique across the whole report: `<chapter>--<slug>`, where the
 * slug is the one GitHub makes, so that authors link to `file.md#slug` as they would on GitHub.
 * Returns the file's slugs mapped to the final ids. Two headings of one file with the same
 * slug get a warning (the second still gets its own id, as on GitHub: `slug-1`).
 */
export function assignHeadingIds(
  tree: Root,
  file: VFile,
  idPrefix: string,
  registry: IdRegistry,
  sourceSlugs?: readonly string[]
): Map<string, string> {
  const slugger = new GithubSlugger();
  const slugs = new Map<string, string>();
  let position = 0;
  visit(tree, 'element', (node) => {
    // The per-file footnote heading is replaced by one Notes heading per chapter.
    if (!headingRank(node) || node.properties.id === 'footnote-label') return;
    const text = toString(node);
    const slug = slugger.slug(text) || 'section';
    // `plainSlug` does not count occurrences: a slug that differs from it was taken earlier.
    const wanted = plainSlug(text);
    if (slug !== wanted && slugs.has(wanted)) {
      reportWarning(
        file,
        `Heading \`${text}\` has the same id as an earlier heading in this file; links to \`#${wanted}\` go to the first. Rename one of them`,
        node.position,
        ruleIds.headingDuplicate
      );
    }
    // A translation's headings take its source's ids, in order, so that links across languages hold.
    const source = sourceSlugs?.[position++];
    const id = claimId(registry, `${idPrefix}--${asciiId(source ?? slug, 'section')}`);
    node.properties.id = id;
    if (source !== undefined) slugs.set(source, id);
    if (!slugs.has(slug)) slugs.set(slug, id);
  });
  if (sourceSlugs && position !== sourceSlugs.length)
    reportWarning(
      file,
      `This translation has ${position} headings and its source ${sourceSlugs.length}; each heading takes the id of its source's heading in the same place, so links to the later ones may land on the wrong heading. Give it the source's headings, in the same order`,
      {line: 1, column: 1},
      ruleIds.translationHeadings
    );
  return slugs;
}

/** The slugs GitHub gives the headings of a Markdown tree, in order: a translation's headings take them. */
export function headingSlugs(tree: MdastRoot): string[] {
  const slugger = new GithubSlugger();
  const slugs: string[] = [];
  visit(tree, 'heading', (node) => {
    slugs.push(slugger.slug(mdastToString(node)) || 'section');
  });
  return slugs;
}
