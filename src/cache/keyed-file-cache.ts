import {readdirSync, readFileSync} from 'node:fs';
import {readdir, rm} from 'node:fs/promises';
import path from 'node:path';
import {writeAtomic} from '../output/write-atomic.js';

/**
 * Results kept as files in a cache folder, one per key (`<key><extension>`), where the key is
 * the hash of everything the result depends on. An entry that cannot be read, or that `valid`
 * refuses, is made afresh; entries a build did not use are dropped when it saves.
 */
export class KeyedFileCache {
  private readonly used = new Set<string>();
  private readonly pending = new Map<string, Uint8Array>();
  /** Entries taken from the cache and entries made, in this build. */
  readonly counts = {reused: 0, made: 0};

  constructor(
    private readonly dir: string,
    private readonly extension: string,
    private readonly valid: (bytes: Buffer) => boolean = () => true
  ) {}

  get(key: string): Buffer | undefined {
    this.used.add(key);
    try {
      const bytes = readFileSync(this.entryPath(key));
      if (!this.valid(bytes)) return undefined;
      this.counts.reused++;
      return bytes;
    } catch {
      return undefined;
    }
  }

  set(key: string, bytes: Uint8Array): void {
    this.used.add(key);
    this.counts.made++;
    this.pending.set(key, bytes);
  }

  /** Whether the cache holds no entry at all (a first build, or one after the cache was removed). */
  isEmpty(): boolean {
    try {
      return !readdirSync(this.dir).some((name) => name.endsWith(this.extension));
    } catch {
      return true;
    }
  }

  async save(): Promise<void> {
    await Promise.all([...this.pending].map(([key, bytes]) => writeAtomic(this.entryPath(key), bytes)));
    this.pending.clear();
    // Entries this build did not use are dropped, so the cache never outgrows the report.
    const names = await readdir(this.dir).catch(() => [] as string[]);
    await Promise.all(
      names
        .filter((name) => !this.used.has(path.basename(name, this.extension)))
        .map((name) => rm(path.join(this.dir, name), {force: true}))
    );
  }

  private entryPath(key: string): string {
    return path.join(this.dir, `${key}${this.extension}`);
  }
}
