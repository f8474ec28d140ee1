import {KeyedFileCache} from './keyed-file-cache.js';

/**
 * Rendered charts kept as SVG files, named by the hash of everything a chart's rendering
 * depends on (see src/charts/render-charts.ts): an unchanged chart is not rendered again.
 */
export class ChartCache {
  private readonly files: KeyedFileCache;

  constructor(dir: string) {
    this.files = new KeyedFileCache(dir, '.svg', (bytes) => bytes.subarray(0, 4).toString('latin1') === '<svg');
  }

  /** Charts taken from the cache and charts rendered, in this build. */
  get counts(): {reused: number; rendered: number} {
    return {reused: this.files.counts.reused, rendered: this.files.counts.made};
  }

  get(key: string): string | undefined {
    return this.files.get(key)?.toString('utf8');
  }

  set(key: string, svg: string): void {
    this.files.set(key, Buffer.from(svg));
  }

  save(): Promise<void> {
    return this.files.save();
  }
}
