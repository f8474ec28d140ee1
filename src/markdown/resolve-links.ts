import {closest, distance} from 'fastest-levenshtein';
import type {Element, Root} from 'hast';
import path from 'node:path/posix';
import {visit} from 'unist-util-visit';
import type {VFile} from 'vfile';
import {ruleIds} from '../diagnostics/rule-ids.js';
import {reportError} from '../diagnostics/messages.js';
import {decodeUrlPart, malformedUrl} from './decode-url.js';

/** What a link inside the report points at: a chapter, and an id in it. */
export interface LinkTarget {
  chapterSlug: string;
  id: string;
}

/** The ids of one file, for resolving links to it. */
export interface FileIds {
  chapterSlug: string;
  /** The file's first heading, where a link to the file itself goes. */
  openingId: string | undefined;
  /** GitHub-style heading slugs mapped to report-wide ids. */
  headings: ReadonlyMap<string, string>;
  /** Other ids (footnotes, raw HTML) mapped to report-wide ids. */
  elements: ReadonlyMap<string, string>;
}

/** Every file of the report by content path; a chapter folder resolves to its `index.md`. */
export type ReportIds = ReadonlyMap<string, FileIds>;

declare module 'hast' {
  interface ElementData {
    /** Set on links inside the report: each edition writes its own `href` from it. */
    folioTarget?: LinkTarget;
  }
}

/**
 * Point every link inside the report at its report-wide id, and report links that go nowhere,
 * with a suggestion when a close match exists. Links to `file:` URLs are errors.
 */
export function resolveLinks(
  tree: Root,
  file: VFile,
  contentPath: string,
  ids: ReportIds,
  omitted: ReadonlySet<string> = new Set()
): void {
  const own = ids.get(contentPath)!;
  visit(tree, 'element', (node, index, parent) => {
    if (node.tagName !== 'a' || typeof node.properties.href !== 'string') return;
    const href = node.properties.href;
    if (/^file:/i.test(href)) {
      reportError(
        file,
        `Link to \`${href}\` reads a local file; link to a chapter or section of the report, or to a web page`,
        node.position,
        ruleIds.linkFileUrl
      );
      return;
    }
    if (/^[a-z][a-z0-9+.-]*:/i.test(href) || href.startsWith('//')) return;
    // A link to a file this edition leaves out (`fallback: omit`) becomes its words.
    const linked = linkedFile(href, contentPath);
    if (linked && (omitted.has(linked) || omitted.has(`${linked}/index.md`)) && parent && index !== undefined) {
      parent.children.splice(index, 1, ...node.children);
      return index;
    }
    const target = resolveHref(href, contentPath, own, ids);
    if ('id' in target) {
      node.data = {...node.data, folioTarget: target};
      node.properties.href = `#${target.id}`;
    } else {
      reportError(file, target.problem, node.position, ruleIds.linkMissing);
    }
  });
}

/** The content path a relative link names (without its fragment), or undefined for a link within the file. */
function linkedFile(href: string, contentPath: string): string | undefined {
  const hash = href.indexOf('#');
  const filePart = decodeUrlPart(hash === -1 ? href : href.slice(0, hash), 'path');
  if (!filePart) return undefined;
  return path.normalize(path.join(path.dirname(contentPath), filePart)).replace(/\/$/, '');
}

function resolveHref(href: string, contentPath: string, own: FileIds, ids: ReportIds): LinkTarget | {problem: string} {
  const hash = href.indexOf('#');
  const filePart = decodeUrlPart(hash === -1 ? href : href.slice(0, hash), 'path');
  const fragment = hash === -1 ? '' : decodeUrlPart(href.slice(hash + 1), 'fragment');
  if (filePart === undefined || fragment === undefined) return {problem: `Link ${malformedUrl(href)}`};
  let target = own;
  if (filePart) {
    const resolved = path.normalize(path.join(path.dirname(contentPath), filePart)).replace(/\/$/, '');
    const found = ids.get(resolved) ?? ids.get(`${resolved}/index.md`);
    if (!found) {
      const suggestion = suggest(resolved, [...ids.keys()], (key) => path.relative(path.dirname(contentPath), key));
      return {
        problem: `Cannot find \`${filePart}\` in the report${suggestion || '; link to a chapter or section file by its path relative to this file'}`
      };
    }
    target = found;
  }
  if (fragment === '') {
    return target.openingId
      ? {chapterSlug: target.chapterSlug, id: target.openingId}
      : {problem: `\`${filePart}\` has no heading to link to; give it a title`};
  }
  const id = target.headings.get(fragment) ?? target.elements.get(fragment);
  if (id) return {chapterSlug: target.chapterSlug, id};
  const where = filePart ? `in \`${filePart}\`` : 'in this file';
  return {
    problem: `Cannot find heading \`#${fragment}\` ${where}${suggestHeading(fragment, target, contentPath, ids)}`
  };
}

/**
 * A heading the author may have meant: the same heading in another file of the chapter, then of
 * the report (sections live in files of their own, so `#section-two` often means
 * `02-section.md#section-two`); else the closest one in the file linked to, then in the
 * chapter's other files, then in the report's.
 */
function suggestHeading(fragment: string, target: FileIds, contentPath: string, ids: ReportIds): string {
  type Candidate = {slug: string; shown: string};
  const linkFrom = (key: string) => (key === contentPath ? '' : path.relative(path.dirname(contentPath), key));
  const headingsOf = (files: Array<[string, FileIds]>): Candidate[] =>
    files.flatMap(([key, fileIds]) =>
      [...fileIds.headings.keys()].map((slug) => ({slug, shown: `${linkFrom(key)}#${slug}`}))
    );
  const own = [...ids].filter(([, fileIds]) => fileIds === target);
  const others = [...ids].filter(([, fileIds]) => fileIds !== target);
  const sameChapter = others.filter(([, fileIds]) => fileIds.chapterSlug === target.chapterSlug);
  for (const files of [sameChapter, others]) {
    const exact = headingsOf(files).find((candidate) => candidate.slug === fragment);
    if (exact) return `; did you mean \`${exact.shown}\`?`;
  }
  for (const candidates of [headingsOf(own), headingsOf(sameChapter), headingsOf(others)]) {
    const shown = new Map(candidates.map((candidate) => [candidate.slug, candidate.shown]));
    const found = suggest(fragment, [...shown.keys()], (slug) => shown.get(slug)!);
    if (found) return found;
  }
  return '';
}

/** `; did you mean \`…\`?` when a candidate is close enough to be a likely typo. */
function suggest(wanted: string, candidates: string[], show: (candidate: string) => string): string {
  if (candidates.length === 0) return '';
  const best = closest(wanted, candidates);
  // Close enough to be a typo: at most a third of the characters differ.
  const close = distance(wanted, best) <= Math.max(2, Math.floor(wanted.length / 3));
  return close ? `; did you mean \`${show(best)}\`?` : '';
}

/** Whether `node` is a link that `resolveLinks` pointed inside the report. */
export function isInternalLink(node: Element): node is Element & {data: {folioTarget: LinkTarget}} {
  return node.tagName === 'a' && node.data?.folioTarget !== undefined;
}
