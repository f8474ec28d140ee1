import {hashParts} from './hash-files.js';
import {KeyedFileCache} from './keyed-file-cache.js';

const pngSignature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/**
 * The EPUB's cover images, by their page's HTML and everything else a cover depends on (the
 * templates, the fonts and Folio, which the fingerprint's `cover` hash covers, and the browser):
 * an EPUB whose cover has not changed is built without starting Chromium at all.
 */
export class CoverCache {
  private readonly files: KeyedFileCache;

  constructor(
    dir: string,
    private readonly inputs: string
  ) {
    this.files = new KeyedFileCache(dir, '.png', (bytes) => bytes.subarray(0, 8).equals(pngSignature));
  }

  get counts() {
    return this.files.counts;
  }

  get(html: string): Uint8Array | undefined {
    return this.files.get(this.key(html));
  }

  set(html: string, png: Uint8Array): void {
    this.files.set(this.key(html), png);
  }

  /** Whether no cover was ever kept: then the build will photograph one, and can start Chromium early. */
  isEmpty(): boolean {
    return this.files.isEmpty();
  }

  save(): Promise<void> {
    return this.files.save();
  }

  private key(html: string): string {
    return hashParts([this.inputs, html]);
  }
}
