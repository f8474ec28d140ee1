import {existsSync} from 'node:fs';
import {readdir, realpath, stat} from 'node:fs/promises';
import path from 'node:path';
import GithubSlugger from 'github-slugger';
import type {Heading, Root} from 'mdast';
import {toString} from 'mdast-util-to-string';
import type {VFile} from 'vfile';
import {ruleIds} from '../diagnostics/rule-ids.js';
import {checkSourceLimits} from './source-limits.js';
import {loadManifest, type LoadedManifest} from '../config/load-manifest.js';
import {reportError, reportWarning} from '../diagnostics/messages.js';
import {parseMany, type ParseMany} from '../markdown/parse-pool.js';
import {extractFrontMatter} from './front-matter.js';
import type {Chapter, Report, SourceFile} from './model.js';
import {readSource} from './read-source.js';
import {fileProblem} from '../diagnostics/file-errors.js';

/** The report when it could be loaded, and every file read, with the messages about them. */
export interface LoadResult {
  report: Report | undefined;
  files: VFile[];
}

/**
 * Load the manifest and every chapter file of the content folder into the Report model.
 * Problems are collected as positioned messages; `report` is undefined only when the
 * manifest itself cannot be used. `parse` reads the files' Markdown, all at once (a build passes
 * one that reuses the trees of unchanged files).
 */
export async function loadReport(contentDir: string, cwd = process.cwd(), parse: ParseMany = parseMany): Promise<LoadResult> {
  const loaded = await loadManifest(contentDir, cwd);
  const {manifest, file: manifestFile} = loaded;
  if (!manifest) return {report: undefined, files: [manifestFile]};
  const root = await realpath(contentDir);
  const slugger = new GithubSlugger();
  const seen = new Map<string, number>();
  const files: VFile[] = [manifestFile];
  const entries: Array<{slug: string; contentPath: string; brief: boolean; sources: VFile[]}> = [];
  const translationLanguages = manifest.editions.slice(1).map((edition) => edition.language);
  const translated = new Map<VFile, Map<string, VFile>>();
  for (const [index, entry] of manifest.chapters.entries()) {
    const place = loaded.placeOf(['chapters', index]);
    const resolved = await resolveChapterPath(root, entry.path, loaded, index);
    if (!resolved) continue;
    const previous = seen.get(resolved.real);
    if (previous !== undefined) {
      reportError(manifestFile, `Chapter \`${entry.path}\` is listed twice (also as chapter ${previous + 1}); remove one`, place, ruleIds.chapterDuplicate);
      continue;
    }
    seen.set(resolved.real, index);
    const paths = resolved.isFolder
      ? await folderFiles(resolved.real, entry.path, loaded, index, translationLanguages)
      : [resolved.real];
    if (paths.length === 0) continue;
    const sources = await Promise.all(paths.map((fullPath) => readSource(fullPath, cwd)));
    files.push(...sources);
    for (const [position, fullPath] of paths.entries()) {
      const found = new Map<string, VFile>();
      for (const language of translationLanguages) {
        const candidate = translationPath(fullPath, language);
        if (!existsSync(candidate)) continue;
        // A translation is read only from inside the content folder, as chapters are (a link may point elsewhere).
        const real = await realpath(candidate);
        if (!real.startsWith(root + path.sep)) {
          reportError(
            manifestFile,
            `The translation \`${path.relative(root, candidate)}\` is outside the content folder (a symbolic link); a report is built from its own files`,
            place,
            ruleIds.chapterOutside
          );
          continue;
        }
        const translation = await readSource(real, cwd);
        files.push(translation);
        found.set(language, translation);
      }
      if (found.size > 0) translated.set(sources[position]!, found);
    }
    const base = path.basename(entry.path).replace(/\.md$/i, '');
    entries.push({slug: slugger.slug(base) || `chapter-${index + 1}`, contentPath: entry.path, brief: entry.brief, sources});
  }
  // Unreadable or hostile text (bad encoding, deep nesting, runs of markers) is not parsed:
  // its error is reported and the file counts as empty. The rest is parsed all at once.
  const parsable = files.slice(1).filter((file) => checkSourceLimits(file));
  const parsed = await parse(parsable);
  const trees = new Map(parsable.map((file, index) => [file, parsed[index]!]));
  const chapters: Chapter[] = entries.map(({slug, contentPath, brief, sources}) => {
    const loadedSources = sources.map((file, position) => {
      const depth = position === 0 ? 1 : 2;
      const translations = new Map(
        [...(translated.get(file) ?? [])].map(([language, translation]) => [
          language,
          toSource(translation, trees.get(translation), root, depth)
        ])
      );
      return {...toSource(file, trees.get(file), root, depth), ...(translations.size > 0 ? {translations} : {})};
    });
    return {slug, title: chapterTitle(loadedSources[0]!), contentPath, brief, files: loadedSources};
  });
  // Two EPUBs with one identifier are one book to a library or a reading system.
  for (const [index, edition] of manifest.editions.entries())
    if (index > 0 && !edition.identifier)
      reportWarning(
        manifestFile,
        `The \`${edition.language}\` edition has no \`identifier\`, so its EPUB has the source edition's and libraries and reading systems will take the two for one book; give it one (such as a new \`urn:uuid:…\`)`,
        loaded.placeOf(['editions', index]),
        ruleIds.manifestField
      );
  // An edition's `briefs` names chapters by slug: each must be one.
  const slugs = new Set(chapters.map((chapter) => chapter.slug));
  for (const [index, edition] of manifest.editions.entries())
    for (const [position, slug] of (edition.briefs ?? []).entries())
      if (!slugs.has(slug))
        reportError(
          manifestFile,
          `No chapter \`${slug}\` for the \`${edition.language}\` edition's briefs; use one of ${[...slugs].map((name) => `\`${name}\``).join(', ')}`,
          loaded.placeOf(['editions', index, 'briefs', position]),
          ruleIds.manifestField
        );
  const meta = {...manifest, slug: manifest.slug ?? (new GithubSlugger().slug(manifest.title) || 'report')};
  delete (meta as {chapters?: unknown}).chapters;
  return {report: {contentDir: root, meta, chapters}, files};
}

/** Resolve a chapter entry inside the content folder, reporting paths that are missing or outside it. */
async function resolveChapterPath(root: string, entryPath: string, loaded: LoadedManifest, index: number) {
  const place = loaded.placeOf(['chapters', index]);
  const full = path.resolve(root, entryPath);
  let real: string;
  try {
    real = await realpath(full);
  } catch (error) {
    reportError(loaded.file, `Chapter \`${entryPath}\` ${fileProblem(error)}; check the path, which is relative to the content folder`, place, ruleIds.chapterMissing);
    return undefined;
  }
  if (real !== root && !real.startsWith(root + path.sep)) {
    reportError(loaded.file, `Chapter \`${entryPath}\` is outside the content folder; a report is built from its own files`, place, ruleIds.chapterOutside);
    return undefined;
  }
  const info = await stat(real);
  if (!info.isDirectory() && !real.toLowerCase().endsWith('.md')) {
    reportError(loaded.file, `Chapter \`${entryPath}\` is neither a \`.md\` file nor a folder`, place, ruleIds.chapterMissing);
    return undefined;
  }
  return {real, isFolder: info.isDirectory()};
}

/** Where the translation of `source` into `language` is: `name.md` → `name.<language>.md` beside it. */
export function translationPath(source: string, language: string): string {
  return source.replace(/\.md$/i, `.${language}.md`);
}

/**
 * A folder chapter's files: `index.md` first, then every other `.md` file in file-name order;
 * translations (`name.<language>.md`, for a language an edition has) are not sections of their own.
 */
async function folderFiles(
  folder: string,
  entryPath: string,
  loaded: LoadedManifest,
  index: number,
  translationLanguages: readonly string[]
): Promise<string[]> {
  const isTranslation = (name: string) =>
    translationLanguages.some((language) => name.toLowerCase().endsWith(`.${language.toLowerCase()}.md`));
  const names = (await readdir(folder, {withFileTypes: true}))
    .filter((entry) => entry.isFile() && entry.name.toLowerCase().endsWith('.md') && !isTranslation(entry.name))
    .map((entry) => entry.name)
    .sort();
  if (!names.includes('index.md')) {
    reportError(loaded.file, `Chapter folder \`${entryPath}\` has no \`index.md\`; add one with the chapter title and introduction`, loaded.placeOf(['chapters', index]), ruleIds.chapterMissing);
    return [];
  }
  return [path.join(folder, 'index.md'), ...names.filter((name) => name !== 'index.md').map((name) => path.join(folder, name))];
}

/** One file with its tree (an empty one when it was not parsed); its title comes from front matter or its first heading of `depth`. */
function toSource(file: VFile, parsed: Root | undefined, root: string, depth: 1 | 2): SourceFile {
  const contentPath = path.relative(root, path.resolve(file.cwd, file.path)).split(path.sep).join('/');
  if (!parsed) return {file, tree: {type: 'root', children: []}, frontMatter: {}, contentPath};
  const frontMatter = extractFrontMatter(parsed, file);
  ensureTitleHeading(parsed, file, frontMatter.title, depth);
  return {file, tree: parsed, frontMatter, contentPath};
}

/**
 * Make sure the file opens with its title heading: a front matter `title` becomes a heading
 * when the file has none; a file with neither gets a warning.
 */
function ensureTitleHeading(tree: Root, file: VFile, title: string | undefined, depth: 1 | 2): void {
  const first = tree.children[0];
  if (first?.type === 'heading' && first.depth === depth) return;
  if (title) {
    const heading: Heading = {type: 'heading', depth, children: [{type: 'text', value: title}]};
    tree.children.unshift(heading);
    return;
  }
  const kind = depth === 1 ? 'chapter' : 'section';
  reportWarning(file, `The ${kind} has no title; start it with a level-${depth} heading (\`${'#'.repeat(depth)} Title\`) or set \`title\` in its front matter`, {line: 1, column: 1}, ruleIds.sectionTitle);
}

/** The chapter title: the opening file's first level-1 heading. */
export function chapterTitle(opening: SourceFile): string {
  const heading = opening.tree.children.find((node): node is Heading => node.type === 'heading' && node.depth === 1);
  return heading ? toString(heading) : path.basename(opening.contentPath, '.md');
}
