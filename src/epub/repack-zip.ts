import {unzipSync, zipSync, type Zippable} from 'fflate';

/** The first entry of every EPUB, stored uncompressed so reading systems can sniff it at byte 38. */
const mimetype = 'mimetype';

/**
 * Rewrite a zip as an EPUB that is the same bytes on every build: `mimetype` first and stored,
 * then every other file in name order, compressed, each dated `date`; `extra` files are added.
 * JSZip (inside epub-gen-memory) stamps each entry with the time of packing, which this replaces.
 */
export function repackEpub(zip: Uint8Array, extra: Readonly<Record<string, Uint8Array>>, date: Date): Uint8Array {
  const entries: Record<string, Uint8Array> = {...unzipSync(zip), ...extra};
  const type = entries[mimetype];
  if (!type) throw new Error('The packed EPUB has no `mimetype` file');
  const mtime = zipTime(date);
  const files: Zippable = {[mimetype]: [type, {level: 0, mtime}]};
  const names = Object.keys(entries)
    .filter((name) => name !== mimetype && !name.endsWith('/')) // Folders are implied by the paths.
    .sort(compareNames);
  for (const name of names) files[name] = [entries[name]!, {level: 9, mtime}];
  return zipSync(files);
}

/** `META-INF` first (where reading systems look first), then the rest in code-point order. */
function compareNames(a: string, b: string): number {
  const rank = (name: string) => (name.startsWith('META-INF/') ? 0 : 1);
  return rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0);
}

/**
 * Zip entries carry a local date and time with no zone, which fflate reads from a `Date` in the
 * machine's zone; this gives it the UTC fields of `date`, so the bytes do not depend on the zone.
 * The format cannot hold dates before 1980.
 */
function zipTime(date: Date): Date {
  const utc = date.getTime() < Date.UTC(1980, 0, 1) ? new Date(Date.UTC(1980, 0, 1)) : date;
  return new Date(utc.getUTCFullYear(), utc.getUTCMonth(), utc.getUTCDate(), utc.getUTCHours(), utc.getUTCMinutes(), utc.getUTCSeconds());
}
