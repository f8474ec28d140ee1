import {readFile, realpath, stat} from 'node:fs/promises';
import path from 'node:path';
import {findChromium} from '../system/find-chromium.mjs';
import {hashFolder, hashParts} from './hash-files.js';
import {projectRoot} from '../project-paths.js';

/** What a build's outputs depend on, beyond its own content and templates. */
export interface FingerprintInput {
  contentDir: string;
  templatesDir: string;
  outDir: string;
  /** The formats and chapters asked for, and anything else that changes the outputs. */
  request: unknown;
}

/** The hashes a build depends on: all of them together, and Folio's own version alone. */
export interface Fingerprint {
  /** Changes whenever any input of the build changes: a no-change rebuild compares this. */
  build: string;
  /** The Markdown reader and its locked dependencies: parse-cache entries are only valid within one. */
  parser: string;
  /** What an EPUB cover image depends on besides its page: Folio, its dependencies (the fonts), the templates and the browser. */
  cover: string;
  /** How many bytes of Markdown the content folder holds: whether parsing it is worth worker threads. */
  markdownBytes: number;
}

/**
 * Hash every input of a build: every file of the content and templates folders, Folio's own
 * source and locked dependencies (which include the font packages), the Chromium binary,
 * the build date setting and the request. Cheap enough to run before every build.
 */
export async function computeFingerprint(input: FingerprintInput): Promise<Fingerprint> {
  const outDir = path.resolve(input.outDir);
  const contentSizes = new Map<string, number>();
  const [content, templates, source, packages, chromium] = await Promise.all([
    hashFolder(await realpath(input.contentDir), [outDir, await realpath(outDir).catch(() => outDir)], contentSizes),
    hashFolder(input.templatesDir),
    hashFolder(path.join(projectRoot, 'src')),
    Promise.all(
      ['package.json', 'package-lock.json'].map((file) =>
        readFile(path.join(projectRoot, file)).catch(() => Buffer.from(`missing ${file}`))
      )
    ),
    chromiumIdentity()
  ]);
  const folioHash = hashParts([...flatten(source), ...packages]);
  // The trees depend on the reader alone, so work on the rest of Folio keeps them valid.
  const lock = packages[1]!;
  // Every file of the Markdown stage counts, so that a new plugin file invalidates old trees too.
  const readerFiles = [...source].filter(([file]) => file.startsWith('markdown/') || file === 'cache/parse-cache.ts');
  const parser = hashParts([...readerFiles.flat(), lock]);
  const build = hashParts([
    folioHash,
    ...flatten(content),
    '--templates--',
    ...flatten(templates),
    chromium,
    process.env.SOURCE_DATE_EPOCH ?? 'now',
    JSON.stringify(input.request)
  ]);
  const cover = hashParts([folioHash, '--templates--', ...flatten(templates), chromium]);
  let markdownBytes = 0;
  for (const [file, size] of contentSizes) if (file.endsWith('.md')) markdownBytes += size;
  return {build, parser, cover, markdownBytes};
}

function flatten(hashes: ReadonlyMap<string, string>): string[] {
  return [...hashes].flat();
}

/** The browser that prints, by path, size and modification time (hashing 200 MB would be slow). */
async function chromiumIdentity(): Promise<string> {
  const executable = findChromium();
  if (!executable) return 'no chromium';
  // A FOLIO_CHROMIUM that names nothing is reported by the browser stage, with what to do.
  const info = await realpath(executable)
    .then((real) => stat(real))
    .catch(() => undefined);
  return `${executable} ${info?.size} ${info?.mtimeMs}`;
}
