import {readFile, stat} from 'node:fs/promises';
import path from 'node:path';
import {Writable} from 'node:stream';
import type {Progress} from '../diagnostics/progress.js';
import {writeAtomic} from '../output/write-atomic.js';
import {defaultTemplatesDir} from '../project-paths.js';
import {computeFingerprint, type Fingerprint, type FingerprintInput} from './fingerprint.js';
import {ChartCache} from './chart-cache.js';
import {CoverCache} from './cover-cache.js';
import {ParseCache} from './parse-cache.js';

/** The cache's folder inside the output folder. */
export const cacheFolderName = '.folio-cache';

/** What a build is asked for: everything in it changes the outputs. */
export interface BuildRequest {
  contentDir: string;
  outDir: string;
  formats: readonly string[];
  chapters?: readonly string[];
  templatesDir?: string;
  strict?: boolean;
  shard?: {index: number; count: number};
}

/** Fingerprint the inputs of the build `options` asks for, and open the cache of its output folder. */
export function openBuildCache(options: BuildRequest): Promise<BuildCache> {
  // `strict` turns warnings into errors: a build that passed without it says nothing of one with it.
  const request = {
    formats: [...options.formats].sort(),
    chapters: [...(options.chapters ?? [])].sort(),
    strict: options.strict ?? false,
    shard: options.shard ? `${options.shard.index}/${options.shard.count}` : undefined
  };
  return BuildCache.open({
    contentDir: options.contentDir,
    outDir: options.outDir,
    templatesDir: options.templatesDir ?? defaultTemplatesDir,
    request
  });
}

/**
 * Reuse the last build's outputs when nothing it depends on has changed: prints its messages
 * again and returns its files (`reused` is `undefined` when a build is needed), with the open
 * cache. Loads none of the pipeline, so that an up-to-date command-line build returns at once.
 */
export async function reuseUnchangedBuild(
  options: BuildRequest,
  progress: Progress,
  stderr: NodeJS.WritableStream
): Promise<{cache: BuildCache; reused: RecordedOutput[] | undefined}> {
  const cache = await progress.stage('fingerprint', () => openBuildCache(options));
  const reused = await cache.reuse(stderr);
  if (reused) progress.line(`up to date: ${reused.length} files reused, done in ${progress.elapsed()}`);
  return {cache, reused};
}

/** One output as the last build wrote it. */
export interface RecordedOutput {
  path: string;
  bytes: number;
  pages?: number;
}

/** What `build.json` holds: the inputs' fingerprint and what the build made of them. */
interface BuildRecord {
  version: 1;
  fingerprint: string;
  /** The messages the build printed about the content, printed again when it is reused. */
  messages: string;
  outputs: Array<RecordedOutput & {mtimeMs: number}>;
}

/**
 * The incremental-build cache of one output folder: the fingerprint of the last build's inputs
 * with the outputs it wrote (a rebuild with the same fingerprint and untouched outputs reuses
 * them) and the parse cache. Nothing in it is trusted without checking: a record that does not
 * read back, or an output that changed since, means a full build.
 */
export class BuildCache {
  /** Markdown trees by source text, for `loadReport`. */
  readonly parseCache: ParseCache;
  /** Rendered charts, by everything their rendering depends on (see src/charts/render-charts.ts). */
  readonly chartCache: ChartCache;
  /** EPUB cover images (see src/epub/cover-image.ts). */
  readonly coverCache: CoverCache;
  private readonly recorded: string[] = [];
  private readonly dir: string;

  private constructor(
    private readonly outDir: string,
    private readonly fingerprint: Fingerprint
  ) {
    this.dir = path.join(outDir, cacheFolderName);
    this.parseCache = new ParseCache(path.join(this.dir, 'mdast'), fingerprint.parser);
    this.chartCache = new ChartCache(path.join(this.dir, 'charts'));
    this.coverCache = new CoverCache(path.join(this.dir, 'covers'), fingerprint.cover);
  }

  /** How many bytes of Markdown the content folder holds (see `Fingerprint`). */
  get markdownBytes(): number {
    return this.fingerprint.markdownBytes;
  }

  /** Fingerprint the build's inputs; the cache lives in `<outDir>/.folio-cache`. */
  static async open(input: FingerprintInput): Promise<BuildCache> {
    return new BuildCache(input.outDir, await computeFingerprint(input));
  }

  /**
   * The outputs of the last build when its inputs were the same and its outputs are still as it
   * wrote them; its messages are printed again on `stderr`. `undefined` means: build.
   */
  async reuse(stderr: NodeJS.WritableStream): Promise<RecordedOutput[] | undefined> {
    const record = await this.readRecord();
    if (!record || record.fingerprint !== this.fingerprint.build) return undefined;
    for (const output of record.outputs) {
      const info = await stat(path.join(this.outDir, output.path)).catch(() => undefined);
      if (!info || info.size !== output.bytes || info.mtimeMs !== output.mtimeMs) return undefined;
    }
    if (record.messages) stderr.write(record.messages);
    return record.outputs.map(({path: file, bytes, pages}) => ({path: path.join(this.outDir, file), bytes, pages}));
  }

  /** A stream that passes everything to `stderr` and keeps a copy, to record the build's messages. */
  recording(stderr: NodeJS.WritableStream): NodeJS.WritableStream {
    const recorded = this.recorded;
    return new Writable({
      write(chunk, _encoding, done) {
        recorded.push(String(chunk));
        stderr.write(chunk, done);
      }
    });
  }

  /** After the outputs are written: record them (the parse cache was saved after loading). */
  async save(outputs: readonly RecordedOutput[]): Promise<void> {
    const stamped = await Promise.all(
      outputs.map(async (output) => ({
        ...output,
        path: path.relative(this.outDir, output.path),
        mtimeMs: (await stat(output.path)).mtimeMs
      }))
    );
    const record: BuildRecord = {
      version: 1,
      fingerprint: this.fingerprint.build,
      messages: this.recorded.join(''),
      outputs: stamped
    };
    await writeAtomic(path.join(this.dir, 'build.json'), JSON.stringify(record, null, 1));
  }

  private async readRecord(): Promise<BuildRecord | undefined> {
    try {
      const record = JSON.parse(await readFile(path.join(this.dir, 'build.json'), 'utf8')) as BuildRecord;
      const valid =
        record?.version === 1 &&
        typeof record.fingerprint === 'string' &&
        typeof record.messages === 'string' &&
        Array.isArray(record.outputs) &&
        record.outputs.every(
          (output) =>
            typeof output?.path === 'string' && typeof output.bytes === 'number' && typeof output.mtimeMs === 'number'
        );
      return valid ? record : undefined;
    } catch {
      return undefined; // No record yet, or an unreadable one: build.
    }
  }
}
