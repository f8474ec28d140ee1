import type {Root} from 'mdast';
import type {VFile} from 'vfile';
import type {ParseMany} from '../markdown/parse-pool.js';
import {hashParts} from './hash-files.js';
import {KeyedFileCache} from './keyed-file-cache.js';

/**
 * Parsed Markdown trees kept as JSON, one file per source text, named by the hash of the text
 * and of the Markdown reader (`readerHash`: every file of src/markdown/, this module and the
 * locked dependencies; see fingerprint.ts): an unchanged file is not parsed again. An entry
 * that cannot be read or is not a tree is ignored and the file parsed afresh, so the cache is
 * never trusted over the source.
 */
export class ParseCache {
  private readonly files: KeyedFileCache;
  /** Files read from the cache and files parsed, in this build. */
  readonly counts = {reused: 0, parsed: 0};

  constructor(
    dir: string,
    private readonly readerHash: string
  ) {
    this.files = new KeyedFileCache(dir, '.json');
  }

  /** Parse `files` with `parseMany`, taking from the cache the tree of every text parsed before. */
  async parseMany(files: readonly VFile[], parseMany: ParseMany): Promise<Root[]> {
    const keys = files.map((file) => hashParts([this.readerHash, String(file.value)]));
    const trees = keys.map((key) => this.read(key));
    const missing = trees.flatMap((tree, index) => (tree ? [] : [index]));
    this.counts.reused += files.length - missing.length;
    this.counts.parsed += missing.length;
    const before = missing.map((index) => files[index]!.messages.length);
    const parsed = await parseMany(missing.map((index) => files[index]!));
    for (const [position, index] of missing.entries()) {
      trees[index] = parsed[position]!;
      // A parse that reported something is not cached: a reused tree would lose its messages.
      if (files[index]!.messages.length === before[position])
        this.files.set(keys[index]!, Buffer.from(JSON.stringify(parsed[position])));
    }
    return trees as Root[];
  }

  /** Write the new entries and drop those this build did not use, so the cache never outgrows the report. */
  save(): Promise<void> {
    return this.files.save();
  }

  private read(key: string): Root | undefined {
    const bytes = this.files.get(key);
    if (!bytes) return undefined;
    try {
      const tree = JSON.parse(bytes.toString('utf8')) as Root;
      return tree?.type === 'root' && Array.isArray(tree.children) ? tree : undefined;
    } catch {
      return undefined; // Corrupt: parse the file instead.
    }
  }
}
