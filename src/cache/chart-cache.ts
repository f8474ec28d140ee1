import {readFileSync} from 'node:fs';
import path from 'node:path';
import {writeAtomic} from '../output/write-atomic.js';
import {dropUnusedEntries} from './cache-entries.js';

/**
 * Rendered charts kept as SVG files, named by the hash of everything a chart's rendering
 * depends on (see render-charts.ts): an unchanged chart is not rendered again. An entry that
 * cannot be read is rendered afresh; entries a build did not use are dropped when it saves.
 */
export class ChartCache {
  private readonly used = new Set<string>();
  private readonly pending = new Map<string, string>();
  /** Charts taken from the cache and charts rendered, in this build. */
  readonly counts = {reused: 0, rendered: 0};

  constructor(private readonly dir: string) {}

  get(key: string): string | undefined {
    this.used.add(key);
    try {
      const svg = readFileSync(this.entryPath(key), 'utf8');
      if (!svg.startsWith('<svg')) return undefined;
      this.counts.reused++;
      return svg;
    } catch {
      return undefined;
    }
  }

  set(key: string, svg: string): void {
    this.used.add(key);
    this.counts.rendered++;
    this.pending.set(key, svg);
  }

  async save(): Promise<void> {
    await Promise.all([...this.pending].map(([key, svg]) => writeAtomic(this.entryPath(key), svg)));
    this.pending.clear();
    await dropUnusedEntries(this.dir, this.used, '.svg');
  }

  private entryPath(key: string): string {
    return path.join(this.dir, `${key}.svg`);
  }
}
