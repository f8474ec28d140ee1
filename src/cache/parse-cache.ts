import {readFileSync} from 'node:fs';
import {readdir, rm} from 'node:fs/promises';
import path from 'node:path';
import type {Root} from 'mdast';
import type {VFile} from 'vfile';
import {writeAtomic} from '../output/write-atomic.js';
import {hashParts} from './hash-files.js';

/**
 * Parsed Markdown trees kept as JSON, one file per source text, named by the hash of the text
 * and of Folio's own version: an unchanged file is not parsed again. An entry that cannot be
 * read or is not a tree is ignored and the file parsed afresh, so the cache is never trusted
 * over the source.
 */
export class ParseCache {
  private readonly used = new Set<string>();
  private readonly pending = new Map<string, string>();
  /** Files read from the cache and files parsed, in this build. */
  readonly counts = {reused: 0, parsed: 0};

  constructor(private readonly dir: string, private readonly folioVersion: string) {}

  /** Parse `file` with `parse`, or take its tree from the cache when its text was parsed before. */
  parse(file: VFile, parse: (file: VFile) => Root): Root {
    const key = hashParts([this.folioVersion, String(file.value)]);
    this.used.add(key);
    const cached = this.read(key);
    if (cached) {
      this.counts.reused++;
      return cached;
    }
    const before = file.messages.length;
    const tree = parse(file);
    this.counts.parsed++;
    // A parse that reported something is not cached: a reused tree would lose its messages.
    if (file.messages.length === before) this.pending.set(key, JSON.stringify(tree));
    return tree;
  }

  /** Write the new entries and drop those this build did not use, so the cache never outgrows the report. */
  async save(): Promise<void> {
    await Promise.all([...this.pending].map(([key, json]) => writeAtomic(this.entryPath(key), json)));
    this.pending.clear();
    const names = await readdir(this.dir).catch(() => [] as string[]);
    await Promise.all(names.filter((name) => !this.used.has(path.basename(name, '.json'))).map((name) => rm(path.join(this.dir, name), {force: true})));
  }

  private read(key: string): Root | undefined {
    try {
      const tree = JSON.parse(readFileSync(this.entryPath(key), 'utf8')) as Root;
      return tree?.type === 'root' && Array.isArray(tree.children) ? tree : undefined;
    } catch {
      return undefined; // Missing or corrupt: parse the file instead.
    }
  }

  private entryPath(key: string): string {
    return path.join(this.dir, `${key}.json`);
  }
}
