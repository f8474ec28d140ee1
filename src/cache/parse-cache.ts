import {readFileSync} from 'node:fs';
import path from 'node:path';
import type {Root} from 'mdast';
import type {VFile} from 'vfile';
import type {ParseMany} from '../markdown/parse-pool.js';
import {writeAtomic} from '../output/write-atomic.js';
import {dropUnusedEntries} from './cache-entries.js';
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

  constructor(
    private readonly dir: string,
    private readonly folioVersion: string
  ) {}

  /** Parse `files` with `parseMany`, taking from the cache the tree of every text parsed before. */
  async parseMany(files: readonly VFile[], parseMany: ParseMany): Promise<Root[]> {
    const keys = files.map((file) => hashParts([this.folioVersion, String(file.value)]));
    const trees = keys.map((key) => {
      this.used.add(key);
      return this.read(key);
    });
    const missing = trees.flatMap((tree, index) => (tree ? [] : [index]));
    this.counts.reused += files.length - missing.length;
    this.counts.parsed += missing.length;
    const before = missing.map((index) => files[index]!.messages.length);
    const parsed = await parseMany(missing.map((index) => files[index]!));
    for (const [position, index] of missing.entries()) {
      trees[index] = parsed[position]!;
      // A parse that reported something is not cached: a reused tree would lose its messages.
      if (files[index]!.messages.length === before[position])
        this.pending.set(keys[index]!, JSON.stringify(parsed[position]));
    }
    return trees as Root[];
  }

  /** Write the new entries and drop those this build did not use, so the cache never outgrows the report. */
  async save(): Promise<void> {
    await Promise.all([...this.pending].map(([key, json]) => writeAtomic(this.entryPath(key), json)));
    this.pending.clear();
    await dropUnusedEntries(this.dir, this.used, '.json');
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
